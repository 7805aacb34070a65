import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/crypto/passwords';
import type { DatabaseHandle } from '../../server/db/client';
import { accounts } from '../../server/db/schema';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '../../server/seed/demo';
import { openTestDatabase } from './harness';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

describe('demo org seed', () => {
  it('gives every demo account its own salt, all opening with the demo password', async () => {
    expect(await seedDemo(handle.db)).toBe(true);
    const rows = await handle.db
      .select({ passwordHash: accounts.passwordHash })
      .from(accounts)
      .where(
        inArray(
          accounts.id,
          DEMO_ACCOUNTS.map((a) => a.id),
        ),
      );
    expect(rows).toHaveLength(DEMO_ACCOUNTS.length);
    // scrypt$N$r$p$salt$key (server/crypto/passwords.ts)
    const salts = rows.map((r) => r.passwordHash.split('$')[4]);
    expect(new Set(salts).size).toBe(DEMO_ACCOUNTS.length);
    for (const { passwordHash } of rows) {
      expect(await verifyPassword(DEMO_PASSWORD, passwordHash)).toBe(true);
    }
  });

  it('leaves an existing demo org as it is', async () => {
    expect(await seedDemo(handle.db)).toBe(false);
  });
});
