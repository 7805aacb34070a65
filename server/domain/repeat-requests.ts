import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { orgs } from '../db/schema';

/**
 * The same person sending the same request again within this window (a double click, a retry,
 * two open consoles) means it once: they get what the first request made.
 */
export const REPEAT_WINDOW_MS = 10_000;

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Orders one org's competing writes across every service process: the row lock is held by the
 * database until the transaction ends, so the second request sees what the first one made.
 */
export async function lockOrg(tx: Transaction, orgId: string): Promise<void> {
  await tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.id, orgId)).for('update');
}
