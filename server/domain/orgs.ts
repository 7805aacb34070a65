import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { hashPassword } from '../crypto/passwords';
import { newId } from '../crypto/tokens';
import type { Database } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { accounts, memberships, orgs } from '../db/schema';
import { recordAudit } from './audit';
import { DomainError } from './errors';

/**
 * A new organization with its first owner: how a production install (which never seeds the demo
 * org) gets its first account; everyone after the owner joins by invitation (PRODUCT.md §5).
 * The owner's password is generated here and shown once to the operator who ran the command.
 */
export async function createOrganization(
  db: Database,
  input: { name: string; ownerEmail: string; ownerName: string },
  now = new Date(),
): Promise<{ orgId: string; accountId: string; password: string }> {
  const email = input.ownerEmail.trim().toLowerCase();
  const password = randomBytes(18).toString('base64url');
  const passwordHash = await hashPassword(password);
  const orgId = newId();
  const accountId = newId();
  return db
    .transaction(async (tx) => {
      const [taken] = await tx
        .select({ id: accounts.id })
        .from(accounts)
        .where(eq(accounts.email, email));
      if (taken) throw emailTaken();
      await tx.insert(orgs).values({ id: orgId, name: input.name, createdAt: now });
      await tx
        .insert(accounts)
        .values({ id: accountId, email, name: input.ownerName, passwordHash, createdAt: now });
      await tx.insert(memberships).values({
        orgId,
        accountId,
        role: 'owner',
        memberName: input.ownerName,
        memberEmail: email,
        createdAt: now,
      });
      await recordAudit(tx, {
        orgId,
        actor: { accountId: null, label: 'Service operator' },
        action: 'org.created',
        detail: { owner: email },
        at: now,
      });
      return { orgId, accountId, password };
    })
    .catch((err: unknown) => {
      // Another command took the email between our check and insert (accounts_email_key).
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    });
}

function emailTaken(): DomainError {
  return new DomainError('email_taken', 'Someone with this email already has an account.');
}
