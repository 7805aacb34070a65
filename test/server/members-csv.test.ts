import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMembers } from '../../bench/seed-members';
import { expectApiError, startTestService, type TestService } from './harness';

let service: TestService;
let owner: Record<string, string>;
beforeAll(async () => {
  service = await startTestService();
  owner = await service.signIn('olivia@acme.test');
});
afterAll(() => service.close());

/** Runs `body` while the member table's join target is gone, so its queries fail. */
async function withoutPersonalConnections(body: () => Promise<void>) {
  const db = service.deps.db;
  await db.execute(sql.raw('alter table personal_connections rename to personal_connections_x'));
  try {
    await body();
  } finally {
    await db.execute(sql.raw('alter table personal_connections_x rename to personal_connections'));
  }
}

describe('CSV export failures', () => {
  it('answers a failing first query with a JSON error, not a 200 holding only the header', async () => {
    await withoutPersonalConnections(async () => {
      const res = await service.request('GET', '/api/org/members.csv', { headers: owner });
      await expectApiError(res, 500, 'internal');
    });
  });

  it('breaks the download when a later page fails, instead of ending a file that looks complete', async () => {
    // More members than one page of the export (5,000), so a second query runs mid-stream.
    await seedMembers(service.deps.db, { orgId: 'org_acme', count: 5_000 });
    const res = await service.request('GET', '/api/org/members.csv', { headers: owner });
    expect(res.status).toBe(200);
    await withoutPersonalConnections(async () => {
      await expect(res.text()).rejects.toThrow();
    });
  });

  it('still exports the header alone when no member matches', async () => {
    const res = await service.request('GET', '/api/org/members.csv?q=nobody-matches', {
      headers: owner,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('Name,Email,Role,Status,Type,Reason\r\n');
  });
});
