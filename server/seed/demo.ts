import { eq } from 'drizzle-orm';
import { hashPassword } from '../crypto/passwords';
import type { Database } from '../db/client';
import { accounts, memberships, orgs } from '../db/schema';

/** The demo organization: identical on every fresh start, listed in the README. */
export const DEMO_PASSWORD = 'demo-password';
export const DEMO_ORG = { id: 'org_acme', name: 'Acme Scheduling' };
export const DEMO_ACCOUNTS = [
  { id: 'acct_olivia', email: 'olivia@acme.test', name: 'Olivia Owner', role: 'owner' },
  { id: 'acct_adam', email: 'adam@acme.test', name: 'Adam Admin', role: 'admin' },
  { id: 'acct_mia', email: 'mia@acme.test', name: 'Mia Member', role: 'user' },
  { id: 'acct_max', email: 'max@acme.test', name: 'Max Member', role: 'user' },
] as const;

/**
 * Seeds once: an existing demo org (e.g. with a live connection) is left as it is. Safe to run
 * from several processes at once: the org row decides which one seeds (on conflict do nothing).
 */
export async function seedDemo(db: Database): Promise<boolean> {
  const existing = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.id, DEMO_ORG.id));
  if (existing.length > 0) return false;
  // A hash each, so each account has its own salt: one shared hash would tell anyone who can
  // read the table that these accounts share a password, and one cracked hash would open all.
  const withHashes: ((typeof DEMO_ACCOUNTS)[number] & { passwordHash: string })[] = [];
  for (const a of DEMO_ACCOUNTS) {
    withHashes.push({ ...a, passwordHash: await hashPassword(DEMO_PASSWORD) });
  }
  return db.transaction(async (tx) => {
    const created = await tx
      .insert(orgs)
      .values(DEMO_ORG)
      .onConflictDoNothing()
      .returning({ id: orgs.id });
    if (created.length === 0) return false;
    for (const a of withHashes) {
      const { id, email, name, passwordHash } = a;
      await tx.insert(accounts).values({ id, email, name, passwordHash });
      await tx.insert(memberships).values({
        orgId: DEMO_ORG.id,
        accountId: a.id,
        role: a.role,
        memberName: a.name,
        memberEmail: a.email,
      });
    }
    return true;
  });
}
