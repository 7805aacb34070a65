import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMembers } from '../../bench/seed-members';
import { TOUCH_INTERVAL_MS } from '../../server/domain/sessions';
import { startTestService, type TestService } from './harness';

/**
 * Round trips are most of a request's cost (each one is a statement built, sent and awaited), so
 * the hot reads are pinned to their count, as seen by the driver through drizzle's query logger.
 */
let service: TestService;
let statements: string[] = [];
let owner: Record<string, string>;

beforeAll(async () => {
  service = await startTestService({}, { queryLogger: { logQuery: (q) => statements.push(q) } });
  owner = await service.signIn('olivia@acme.test');
  await seedMembers(service.deps.db, { orgId: 'org_acme', count: 120 });
});
afterAll(() => service.close());

async function statementsFor(send: () => Promise<Response>): Promise<string[]> {
  statements = [];
  const res = await send();
  expect(res.status, await res.clone().text()).toBe(200);
  return statements;
}

describe('statements sent per request', () => {
  const get =
    (path: string, headers = owner) =>
    () =>
      service.request('GET', path, { headers });

  it('answers GET /api/me with one statement: session, account, membership and both Zooms', async () => {
    for (let i = 0; i < 2; i++) {
      expect(await statementsFor(get('/api/me'))).toHaveLength(1);
    }
  });

  it('answers the first page of the member table with the session and one page statement', async () => {
    const first = get('/api/org/members?limit=50');
    expect((await statementsFor(first)).length).toBeLessThanOrEqual(2);
    const { nextCursor } = (await (await first()).json()) as { nextCursor: string };
    const next = await statementsFor(get(`/api/org/members?limit=50&cursor=${nextCursor}`));
    expect(next.length).toBeLessThanOrEqual(2);
  });

  it("records a session's use with one conditional UPDATE once per interval, not per request", async () => {
    const headers = await service.signIn('mia@acme.test');
    const realNow = service.deps.now;
    const later = Date.now() + TOUCH_INTERVAL_MS + 1000;
    service.deps.now = () => new Date(later);
    try {
      const touched = await statementsFor(get('/api/me', headers));
      expect(touched).toHaveLength(2);
      expect(touched[1]).toMatch(/^update "sessions"/);
      expect(await statementsFor(get('/api/me', headers))).toHaveLength(1);
    } finally {
      service.deps.now = realNow;
    }
  });

  it('turns a missing session away after one statement', async () => {
    statements = [];
    const res = await get('/api/me', { authorization: `Bearer ${'x'.repeat(43)}` })();
    expect(res.status).toBe(401);
    expect(statements).toHaveLength(1);
  });
});
