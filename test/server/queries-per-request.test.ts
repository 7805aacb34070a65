import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMembers } from '../../bench/seed-members';
import { openDatabase } from '../../server/db/client';
import type { Deps } from '../../server/deps';
import { createSession, resolveSession, TOUCH_INTERVAL_MS } from '../../server/domain/sessions';
import { parseEnv } from '../../server/env';
import { seedDemo } from '../../server/seed/demo';
import { openTestDatabase, startTestService, type TestService } from './harness';

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

  it('reads the session as one JSON array: the driver parses one column, not fifteen', async () => {
    const [lookup] = await statementsFor(get('/api/me'));
    expect(lookup).toMatch(
      /^select json_build_array\("sessions"\."id", "sessions"\."last_used_at", /,
    );
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

describe('the session lookup', () => {
  /**
   * The lookup's row comes back as JSON (server/db/prepared.ts), where a timestamp is text with
   * the connection's UTC offset. Read in another time zone, the last use must still be the
   * instant stored, or a session would be written on every request, or idle without end.
   */
  it('reads the last use as stored, whatever the time zone of the connection', async () => {
    const zone = 'Asia/Kathmandu';
    const sent: string[] = [];
    const queryLogger = { logQuery: (q: string) => sent.push(q) };
    const handle = await openTestDatabase({ queryLogger });
    // PostgreSQL: a pool of its own whose connections all start in the zone. PGlite: one connection.
    const zoned = handle.url
      ? await openDatabase(
          { kind: 'postgres', url: `${handle.url}?options=-c%20TimeZone%3D${zone}` },
          { queryLogger },
        )
      : null;
    try {
      const db = zoned?.db ?? handle.db;
      if (!zoned) await db.execute(sql.raw(`set time zone '${zone}'`));
      const setting = await db.execute<{ zone: string }>(
        sql`select current_setting('TimeZone') as zone`,
      );
      expect(rowsOf<{ zone: string }>(setting)[0]?.zone).toBe(zone);
      await seedDemo(db);
      const used = new Date('2026-06-01T12:34:56.789Z');
      const env = parseEnv({}, 'development');
      const token = await createSession(db, { env, now: () => used }, 'acct_mia');
      const lookUp = async (afterMs: number) => {
        sent.length = 0;
        const deps = { db, env, now: () => new Date(used.getTime() + afterMs) } as Deps;
        expect(await resolveSession(deps, token)).not.toBeNull();
        return sent.length;
      };
      expect(await lookUp(TOUCH_INTERVAL_MS - 1000)).toBe(1);
      expect(await lookUp(TOUCH_INTERVAL_MS + 1000)).toBe(2);
    } finally {
      await zoned?.close();
      await handle.close();
    }
  });
});

function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
