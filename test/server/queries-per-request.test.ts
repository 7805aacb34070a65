import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMembers } from '../../bench/seed-members';
import { openDatabase } from '../../server/db/client';
import type { Deps } from '../../server/deps';
import { runAlertFanouts } from '../../server/domain/alerts';
import { repairDueBookings } from '../../server/domain/booking-repair';
import { listMembers } from '../../server/domain/member-table';
import { orgZoomState } from '../../server/domain/org-connection';
import { createSession, resolveSession, TOUCH_INTERVAL_MS } from '../../server/domain/sessions';
import { parseEnv } from '../../server/env';
import { deliverDueMail } from '../../server/mail/outbox';
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

  it('reads a member page as one JSON value, its total beside it, and its limit written in', async () => {
    const [, page] = await statementsFor(get('/api/org/members?limit=50'));
    // One column holding the rows and one the total, not a field per column of every row.
    expect(page).toMatch(/^select array_to_json\(array\(select json_build_array\(/);
    // A bound LIMIT keeps PostgreSQL from a generic plan (the plan test below).
    expect(page).toMatch(/ limit 51\)\), json_build_object\(/);
    expect(page).not.toMatch(/limit \$\d/);
  });

  it('answers an empty page after a cursor, with its total, in one page statement', async () => {
    const page = (cursor = '') =>
      get(`/api/org/members?limit=100&sort=email${cursor && `&cursor=${cursor}`}`)();
    const first = (await (await page()).json()) as { nextCursor: string; total: number };
    const rest = (await (await page(first.nextCursor)).json()) as { members: { id: string }[] };
    const gone = rest.members.map((m) => m.id);
    expect(gone.length).toBeGreaterThan(0);
    // Those after the cursor leave, so the same page is now empty; put back afterwards.
    const left = await service.deps.db.execute(
      sql`delete from memberships where org_id = 'org_acme' and account_id in ${gone} returning *`,
    );
    try {
      const sent = await statementsFor(() => page(first.nextCursor));
      expect(sent).toHaveLength(2);
      expect(await (await page(first.nextCursor)).json()).toEqual({
        members: [],
        nextCursor: null,
        total: first.total - gone.length,
      });
    } finally {
      const rows = JSON.stringify(rowsOf(left));
      await service.deps.db.execute(
        sql`insert into memberships select * from json_populate_recordset(null::memberships, ${rows}::json)`,
      );
    }
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

describe('the background ticks', () => {
  /**
   * Every process runs the mail, alert fan-out and booking repair ticks every 2 s. With nothing
   * due, each sent an UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED), planned afresh on
   * each run: on PGlite 2–5 ms each of the thread the requests wait on. Now each asks first.
   */
  it('ask one prepared question each when nothing is due, and claim nothing', async () => {
    const { deps } = service;
    for (let i = 0; i < 2; i++) {
      statements = [];
      expect(await deliverDueMail(deps)).toEqual({ sent: 0, failed: 0 });
      expect(await runAlertFanouts(deps)).toMatchObject({ fanouts: 0, batches: 0 });
      expect(await repairDueBookings(deps)).toMatchObject({ claimed: 0 });
      expect(statements).toHaveLength(3);
      for (const statement of statements)
        expect(statement).toMatch(/^select json_build_array\(exists \(select 1 from /);
    }
  });
});

describe('the member page statement', () => {
  /**
   * PostgreSQL plans a prepared statement's first five runs for their values, then keeps one
   * generic plan if it costs no more. With its LIMIT bound it could not cost a small page, so it
   * planned every request afresh (PGlite: 2.5 ms of 4 for the bench's page).
   */
  it('is planned once and then kept: PostgreSQL settles on a generic plan', async () => {
    const handle = await openTestDatabase();
    try {
      await seedDemo(handle.db);
      await seedMembers(handle.db, { orgId: 'org_acme', count: 3000 });
      const env = parseEnv({}, 'development');
      const deps = { db: handle.db, env, now: () => new Date() } as Deps;
      const org = await orgZoomState(deps, 'org_acme');
      for (let i = 0; i < 12; i++) {
        const page = await listMembers(
          deps,
          'org_acme',
          { sort: 'name', dir: 'asc', limit: 50 },
          org,
        );
        expect(page.members).toHaveLength(50);
      }
      // Runs one after another take the same pooled connection, whose statements this lists.
      const plans = rowsOf<{ generic_plans: number; custom_plans: number }>(
        await handle.db.execute(
          sql`select generic_plans::int, custom_plans::int from pg_prepared_statements
              where statement like 'select array_to_json(array(select json_build_array(%'`,
        ),
      );
      expect(plans).toHaveLength(1);
      expect(plans[0]?.custom_plans).toBeLessThanOrEqual(5);
      expect(plans[0]?.generic_plans).toBeGreaterThanOrEqual(7);
    } finally {
      await handle.close();
    }
  });
});

function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
