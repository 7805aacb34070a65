import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningZoomSandbox } from '../../sandbox/server';
import { openDatabase } from '../../server/db/client';
import { auditLog, orgConnections } from '../../server/db/schema';
import type { Deps } from '../../server/deps';
import { DomainError } from '../../server/domain/errors';
import { seedDemo } from '../../server/seed/demo';
import { withAccessToken } from '../../server/zoom/token-refresh';
import { createScratchDatabase } from '../scratch-postgres';
import { startServiceWithZoom, type TestServiceWithZoom } from './harness';
import { connectOrgThroughZoom } from './zoom-browser';

let zoom: RunningZoomSandbox;
let service: TestServiceWithZoom;
let owner: Record<string, string>;
const ORG = { kind: 'org', orgId: 'org_acme' } as const;

beforeAll(async () => {
  service = await startServiceWithZoom();
  zoom = service.zoom;
  owner = await service.signIn('olivia@acme.test');
});
afterAll(async () => {
  await service.close();
});
beforeEach(async () => {
  await fetch(`${zoom.url}/_sandbox/reset`, { method: 'POST' });
  await service.deps.db.delete(orgConnections);
  await service.deps.db.delete(auditLog);
});

async function stats() {
  return (await (await fetch(`${zoom.url}/_sandbox/stats`)).json()) as {
    tokenRequests: { refresh_token: number };
    refreshesByGrant: Record<string, number>;
  };
}

/** Connects the org for real, then makes our stored access token look expired. */
async function expiredOrgConnection(db = service.deps.db) {
  await connectOrgThroughZoom(service, owner);
  await db
    .update(orgConnections)
    .set({ accessTokenExpiresAt: new Date(Date.now() - 1000) })
    .where(eq(orgConnections.orgId, 'org_acme'));
}

const usedToken = (deps: Deps) => withAccessToken(deps, ORG, async (token) => token);

describe('withAccessToken', () => {
  it('refreshes exactly once for 50 concurrent callers, and all of them get the new token', async () => {
    await expiredOrgConnection();
    const [before] = await service.deps.db.select().from(orgConnections);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => usedToken(service.deps)));

    const counted = await stats();
    expect(counted.tokenRequests.refresh_token).toBe(1);
    expect(Object.values(counted.refreshesByGrant)).toEqual([1]);
    expect(new Set(tokens).size).toBe(1);
    const [after] = await service.deps.db.select().from(orgConnections);
    expect(service.deps.vault.open(after?.accessTokenSealed ?? '')).toBe(tokens[0]);
    expect(after?.refreshTokenSealed).not.toBe(before?.refreshTokenSealed);
    expect(after?.accessTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    // The stored token is Zoom's live one.
    const user = await service.deps.zoom.getUser(tokens[0] ?? '', 'me');
    expect(user.email).toBe('zara@acme.test');
  });

  it('uses a fresh token without asking Zoom', async () => {
    await connectOrgThroughZoom(service, owner);
    await Promise.all(Array.from({ length: 5 }, () => usedToken(service.deps)));
    expect((await stats()).tokenRequests.refresh_token).toBe(0);
  });

  it('turns a refused refresh into needs_reconnect, nulls the tokens and audits it', async () => {
    await expiredOrgConnection();
    await fetch(`${zoom.url}/_sandbox/grants/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'zara@acme.test', clientId: 'sandbox-org-app' }),
    });
    const error = await usedToken(service.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'zoom_needs_reconnect' });
    const [row] = await service.deps.db.select().from(orgConnections);
    expect(row).toMatchObject({
      state: 'needs_reconnect',
      accessTokenSealed: null,
      refreshTokenSealed: null,
    });
    expect(row?.stateReason).toMatch(/Invalid Token/);
    const audit = await service.deps.db.select().from(auditLog);
    expect(audit.map((a) => a.action)).toContain('org_connection.needs_reconnect');
  });

  it('leaves the connection untouched when Zoom is unavailable (503 zoom_unavailable)', async () => {
    await expiredOrgConnection();
    const [before] = await service.deps.db.select().from(orgConnections);
    await fetch(`${zoom.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: '/oauth/token', status: 503, count: 1 }),
    });
    const error = await usedToken(service.deps).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'zoom_unavailable' });
    const [after] = await service.deps.db.select().from(orgConnections);
    expect(after).toEqual(before);
    // Next time Zoom answers, the same stored pair still refreshes.
    expect(typeof (await usedToken(service.deps))).toBe('string');
  });

  // Needs a real PostgreSQL: two pools stand in for two service processes on one database.
  // PGlite is a single in-process connection, so there is no second process to race with.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'refreshes once across two processes sharing one PostgreSQL',
    async () => {
      const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL ?? '', 'ozc_race');
      const first = await openDatabase({ kind: 'postgres', url: scratch.url });
      const second = await openDatabase({ kind: 'postgres', url: scratch.url });
      try {
        await seedDemo(first.db);
        // Borrow a live connection made through the normal flow, then copy it to the shared db.
        await connectOrgThroughZoom(service, owner);
        const [row] = await service.deps.db.select().from(orgConnections);
        if (!row) throw new Error('no org connection');
        await first.db
          .insert(orgConnections)
          .values({ ...row, accessTokenExpiresAt: new Date(Date.now() - 1000) });
        const processA: Deps = { ...service.deps, db: first.db };
        const processB: Deps = { ...service.deps, db: second.db };
        const tokens = await Promise.all(
          Array.from({ length: 40 }, (_, i) => usedToken(i % 2 ? processA : processB)),
        );
        expect((await stats()).tokenRequests.refresh_token).toBe(1);
        expect(new Set(tokens).size).toBe(1);
      } finally {
        await first.close();
        await second.close();
        await scratch.drop();
      }
    },
  );
});
