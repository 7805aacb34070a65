import { type SQL, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { expect } from 'vitest';
import { apiErrorBody } from '../../lib/contracts/errors';
import { fromAddress, type TestService } from './harness';

/**
 * The property every input boundary of the service must hold: no request gives a 5xx, and a
 * refused one (4xx) changes nothing in the database. "Nothing" is a fingerprint of every row of
 * every table, taken again after each request; a 2xx or a redirect may change state, so the
 * fingerprint is re-taken after one.
 */

export interface FuzzRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
}

/** Fewer runs on PostgreSQL, whose pass repeats the whole suite (scripts/test-postgres.mjs). */
export const runsScale = process.env.TEST_DATABASE_URL ? 0.5 : 1;

const fingerprintQueries = new WeakMap<TestService, SQL>();

/**
 * What a refused request is meant to change, left out of the fingerprint: the count of failed
 * attempts (server/domain/rate-limits.ts) and the one mail to an account owner whose sign-in
 * that count locked (server/domain/sign-in-limits.ts).
 */
const effectsOfRefusals = {
  tables: ['rate_limits'],
  mail: sql`where t.kind <> 'sign_in_locked'`,
};

/** One hash over every row of every table (the list is read once per service). */
export async function dbFingerprint(service: TestService): Promise<string> {
  let query = fingerprintQueries.get(service);
  if (!query) {
    const tables = await service.deps.db.execute<{ name: string }>(
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    );
    const parts = tables.rows
      .filter(({ name }) => !effectsOfRefusals.tables.includes(name))
      .map(
        ({ name }) =>
          sql`select ${name} || ':' || t::text as r from ${sql.identifier(name)} t
              ${name === 'mail_outbox' ? effectsOfRefusals.mail : sql``}`,
      );
    query = sql`select md5(string_agg(r, '|' order by r)) as fingerprint
                from (${sql.join(parts, sql` union all `)}) rows`;
    fingerprintQueries.set(service, query);
  }
  const result = await service.deps.db.execute<{ fingerprint: string | null }>(query);
  return result.rows[0]?.fingerprint ?? '';
}

export interface FuzzStats {
  requests: number;
  serverErrors: number;
  byStatus: Map<number, number>;
}

export function newStats(): FuzzStats {
  return { requests: 0, serverErrors: 0, byStatus: new Map() };
}

export function describeStats(name: string, stats: FuzzStats, ms: number): string {
  const statuses = [...stats.byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
  return `fuzz ${name}: ${stats.requests} requests, ${stats.serverErrors} × 5xx in ${(ms / 1000).toFixed(1)} s (${statuses})`;
}

async function send(service: TestService, req: FuzzRequest): Promise<Response> {
  const headers: Record<string, string> = { ...req.headers };
  if (typeof req.body === 'string' && !headers['content-type']) {
    headers['content-type'] = 'application/json';
  }
  // Each request from a client address of its own (an IPv6 /64 each), so the per-address
  // limits do not turn the rest of a run into 429s that never reach the code behind them.
  fuzzAddresses += 1;
  const address = fromAddress(`2001:db8:${fuzzAddresses.toString(16)}::1`);
  return service.app.request(req.path, { method: req.method, headers, body: req.body }, address);
}

let fuzzAddresses = 0;

/**
 * Sends every generated request and checks the property. A failure throws with fast-check's
 * seed and the shrunk request, so it can be replayed.
 */
export async function fuzzRequests(
  service: TestService,
  stats: FuzzStats,
  requests: fc.Arbitrary<FuzzRequest>,
  numRuns: number,
  prepare: (req: FuzzRequest) => Promise<FuzzRequest> = async (req) => req,
): Promise<void> {
  // Re-taken after a 2xx or 3xx (which may change state) and after a failed run, so the runs
  // fast-check makes while shrinking compare against the database as it is.
  let fingerprint: string | null = null;
  await fc.assert(
    fc.asyncProperty(requests, async (generated) => {
      const req = await prepare(generated);
      if (req !== generated) fingerprint = null;
      fingerprint ??= await dbFingerprint(service);
      const res = await send(service, req);
      stats.requests += 1;
      stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
      if (res.status >= 500) stats.serverErrors += 1;
      const text = await res.text();
      try {
        expect(res.status, text.slice(0, 300)).toBeLessThan(500);
        if (req.path.startsWith('/api/') && res.status >= 400) {
          const error = apiErrorBody.safeParse(JSON.parse(text));
          expect(error.success, text.slice(0, 300)).toBe(true);
        }
        if (res.status >= 400) {
          const after = await dbFingerprint(service);
          expect(after, 'a refused request changed the database').toBe(fingerprint);
        } else {
          fingerprint = null;
        }
      } catch (err) {
        fingerprint = null;
        throw err;
      }
    }),
    { numRuns: Math.max(10, Math.round(numRuns * runsScale)) },
  );
}
