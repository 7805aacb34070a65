import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../server/db/client';
import { isUniqueViolation } from '../../server/db/errors';
import { accounts } from '../../server/db/schema';
import { openTestDatabase } from './harness';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

const account = { id: 'acct_x', email: 'x@example.test', name: 'X', passwordHash: 'scrypt$…' };

describe('isUniqueViolation', () => {
  it('recognises a duplicate key as the driver reports it through drizzle, and nothing else', async () => {
    await handle.db.insert(accounts).values(account);
    const duplicate = await handle.db
      .insert(accounts)
      .values({ ...account, id: 'acct_y' })
      .catch((e: unknown) => e);
    // Two sign-ups racing for one email end here; a miss turned the 409 into a 500.
    expect(isUniqueViolation(duplicate)).toBe(true);
    const notNull = await handle.db
      .insert(accounts)
      .values({ ...account, id: 'acct_z', email: null as unknown as string })
      .catch((e: unknown) => e);
    expect(notNull).toBeInstanceOf(Error);
    expect(isUniqueViolation(notNull)).toBe(false);
    expect(isUniqueViolation(new Error('23505'))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
