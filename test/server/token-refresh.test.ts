import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningZoomSandbox } from '../../sandbox/server';
import { openDatabase } from '../../server/db/client';
import { auditLog, orgConnections, personalConnections } from '../../server/db/schema';
import type { Deps } from '../../server/deps';
import { DomainError } from '../../server/domain/errors';
import {
  claimRefreshLease,
  describeAppRefusal,
  REFRESH_LEASE_MS,
  REFRESH_MARGIN_MS,
  withAccessToken,
} from '../../server/domain/token-refresh';
import { seedDemo } from '../../server/seed/demo';
import { createZoomClient, ZoomApiError, ZoomOAuthError } from '../../server/zoom/client';
import { createScratchDatabase } from '../scratch-postgres';
import { startServiceWithZoom, type TestServiceWithZoom } from './harness';
import { connectPersonal } from './personal-zoom';
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
  await service.deps.db.delete(personalConnections);
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

const MIA = { kind: 'personal', accountId: 'acct_mia' } as const;
const miaToken = (deps: Deps) => withAccessToken(deps, MIA, async (token) => token);

/** Mia connects her personal Zoom for real, then her stored access token looks expired. */
async function expiredPersonalConnection() {
  const mia = await service.signIn('mia@acme.test');
  await connectPersonal(service, mia, 'mia.personal@example.test');
  await service.deps.db
    .update(personalConnections)
    .set({ accessTokenExpiresAt: new Date(Date.now() - 1000) })
    .where(eq(personalConnections.accountId, 'acct_mia'));
}

const setOrgRow = (values: Partial<typeof orgConnections.$inferInsert>) =>
  service.deps.db.update(orgConnections).set(values).where(eq(orgConnections.orgId, 'org_acme'));

/** What refreshing told the org's admins (connecting writes its own entries before). */
const REFRESH_ACTIONS = [
  'org_connection.needs_reconnect',
  'org_connection.zoom_problem',
  'org_connection.zoom_problem_resolved',
];
const auditEntries = async () =>
  (await service.deps.db.select().from(auditLog))
    .filter((a) => REFRESH_ACTIONS.includes(a.action))
    .map((a) => ({
      action: a.action,
      actorLabel: a.actorLabel,
      detail: a.detail,
    }));

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
    // A routine refresh is nothing an admin needs to read about.
    expect(await auditEntries()).toEqual([]);
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
    const [row] = await service.deps.db.select().from(orgConnections);
    expect(row).toMatchObject({
      state: 'needs_reconnect',
      accessTokenSealed: null,
      refreshTokenSealed: null,
    });
    // Zoom's own words ("Invalid Token!") mean nothing to an admin: what happened, what to do.
    expect(row?.stateReason).toBe(
      'Zoom no longer accepts this connection: its approval was revoked or the app was removed in Zoom. A Zoom account Owner or Admin needs to approve a new link (Zoom: invalid_grant).',
    );
    expect(error).toMatchObject({
      code: 'zoom_needs_reconnect',
      message: `This Zoom connection needs to be reconnected. ${row?.stateReason}`,
    });
    expect(await auditEntries()).toEqual([
      {
        action: 'org_connection.needs_reconnect',
        actorLabel: 'Zoom',
        detail: { reason: row?.stateReason },
      },
    ]);
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
    expect(error).toMatchObject({
      code: 'zoom_unavailable',
      message: 'Zoom is not answering right now. Try again soon.',
    });
    const [after] = await service.deps.db.select().from(orgConnections);
    expect(after).toEqual(before);
    // Next time Zoom answers, the same stored pair still refreshes.
    expect(typeof (await usedToken(service.deps))).toBe('string');
  });

  it('refreshes a token with less than the margin left, and not one with more', async () => {
    await connectOrgThroughZoom(service, owner);
    const expiresIn = async (ms: number) =>
      service.deps.db
        .update(orgConnections)
        .set({ accessTokenExpiresAt: new Date(Date.now() + ms) })
        .where(eq(orgConnections.orgId, 'org_acme'));
    await expiresIn(REFRESH_MARGIN_MS + 60_000);
    await usedToken(service.deps);
    expect((await stats()).tokenRequests.refresh_token).toBe(0);
    await expiresIn(REFRESH_MARGIN_MS - 60_000);
    await usedToken(service.deps);
    expect((await stats()).tokenRequests.refresh_token).toBe(1);
  });

  it('refreshes once and retries once when Zoom rejects a token it should still accept', async () => {
    await connectOrgThroughZoom(service, owner);
    const seen: string[] = [];
    const result = await withAccessToken(service.deps, ORG, async (token) => {
      seen.push(token);
      if (seen.length === 1) throw new ZoomApiError(401, 124, 'Invalid access token.');
      return 'done';
    });
    expect(result).toBe('done');
    expect(seen).toHaveLength(2);
    expect(seen[1]).not.toBe(seen[0]);
    expect((await stats()).tokenRequests.refresh_token).toBe(1);

    // A second 401 in a row is Zoom's answer, not a reason to loop.
    let calls = 0;
    const error = await withAccessToken(service.deps, ORG, async () => {
      calls++;
      throw new ZoomApiError(401, 124, 'Invalid access token.');
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(calls).toBe(2);
  });

  it('refreshes once for two processes on one database, each with its own callers', async () => {
    await expiredOrgConnection();
    // Two Deps objects on one database stand in for two processes: nothing in memory is shared.
    const processA: Deps = { ...service.deps };
    const processB: Deps = { ...service.deps };
    await service.zoomControl('POST', '/faults', {
      match: '/oauth/token',
      delayMs: 300,
      count: 1,
    });
    const tokens = await Promise.all(
      Array.from({ length: 30 }, (_, i) => usedToken(i % 2 ? processA : processB)),
    );
    expect((await stats()).tokenRequests.refresh_token).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    const [row] = await service.deps.db.select().from(orgConnections);
    expect(row).toMatchObject({ state: 'active', refreshLeaseId: null, refreshLeaseUntil: null });
  });

  it('grants the refresh lease to one caller, never over a live lease or a refresh token that changed', async () => {
    await expiredOrgConnection();
    const [row] = await service.deps.db.select().from(orgConnections);
    const sealed = row?.refreshTokenSealed ?? '';
    const first = await claimRefreshLease(service.deps, ORG, sealed);
    expect(first).toEqual(expect.any(String));
    expect(await claimRefreshLease(service.deps, ORG, sealed)).toBeNull();

    // A holder that died: its lease runs out and the next caller may take over.
    const later = new Date(Date.now() + REFRESH_LEASE_MS + 1000);
    const afterLease: Deps = { ...service.deps, now: () => later };
    expect(await claimRefreshLease(afterLease, ORG, sealed)).toEqual(expect.any(String));

    // Someone refreshed meanwhile: the pair we read is dead, so we must not refresh with it.
    await service.deps.db
      .update(orgConnections)
      .set({ refreshLeaseId: null, refreshLeaseUntil: null, refreshTokenSealed: 'rotated' })
      .where(eq(orgConnections.orgId, 'org_acme'));
    expect(await claimRefreshLease(service.deps, ORG, sealed)).toBeNull();
  });

  it('keeps the tokens and tells the admins once when Zoom refuses our client secret, and recovers when it is fixed', async () => {
    await expiredOrgConnection();
    const [before] = await service.deps.db.select().from(orgConnections);
    const misconfigured: Deps = {
      ...service.deps,
      env: { ...service.deps.env, ZOOM_ORG_CLIENT_SECRET: 'rotated-in-zoom' },
    };
    for (let i = 0; i < 2; i++) {
      const error = await usedToken(misconfigured).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'zoom_misconfigured',
        details: { retryAfterSeconds: 60 },
      });
      expect((error as DomainError).message).toMatch(/invalid_client/);
    }
    const [during] = await service.deps.db.select().from(orgConnections);
    expect(during).toMatchObject({
      state: 'active',
      accessTokenSealed: before?.accessTokenSealed,
      refreshTokenSealed: before?.refreshTokenSealed,
      refreshLeaseId: null,
      zoomProblem: expect.stringMatching(/invalid_client/),
    });
    const problem = {
      action: 'org_connection.zoom_problem',
      actorLabel: 'Zoom',
      detail: { reason: during?.zoomProblem },
    };
    expect(await auditEntries()).toEqual([problem]);

    // The right secret again: the same stored pair refreshes; no reconnect.
    expect(typeof (await usedToken(service.deps))).toBe('string');
    const [after] = await service.deps.db.select().from(orgConnections);
    expect(after).toMatchObject({ state: 'active', zoomProblem: null, zoomProblemSince: null });
    expect(await auditEntries()).toEqual([
      problem,
      {
        action: 'org_connection.zoom_problem_resolved',
        actorLabel: 'Zoom',
        detail: { previous: during?.zoomProblem },
      },
    ]);
  });

  it('asks callers to retry later when Zoom is down, with a Retry-After', async () => {
    await expiredOrgConnection();
    await service.zoomControl('POST', '/faults', { match: '/oauth/token', status: 503, count: 1 });
    const error = await usedToken(service.deps).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'zoom_unavailable',
      details: { retryAfterSeconds: expect.any(Number) },
    });
  });

  it('answers other requests while the token endpoint takes 8 s to refresh', async () => {
    await expiredOrgConnection();
    const member = await service.signIn('mia@acme.test');
    await service.zoomControl('POST', '/faults', {
      match: '/oauth/token',
      delayMs: 8000,
      count: 1,
    });
    const patient: Deps = {
      ...service.deps,
      zoom: createZoomClient({
        oauthUrl: service.env.ZOOM_OAUTH_URL,
        apiUrl: service.env.ZOOM_API_URL,
        timeoutMs: 15_000,
      }),
    };
    let refreshed = false;
    const slowRefresh = usedToken(patient).finally(() => {
      refreshed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const timings: number[] = [];
    // 40 rounds of 2 concurrent requests, all while Zoom is still sitting on the refresh.
    for (let round = 0; round < 40; round++) {
      await Promise.all(
        Array.from({ length: 2 }, async () => {
          const started = performance.now();
          const res = await service.request('GET', '/api/me', { headers: member });
          expect(res.status).toBe(200);
          expect(refreshed).toBe(false);
          timings.push(performance.now() - started);
        }),
      );
    }
    timings.sort((a, b) => a - b);
    const p95 = timings[Math.floor(timings.length * 0.95)] ?? Infinity;
    const max = timings.at(-1) ?? Infinity;
    console.log(
      `/api/me during an 8 s refresh: p95 ${p95.toFixed(1)} ms, max ${max.toFixed(1)} ms over ${timings.length}`,
    );
    expect(p95).toBeLessThan(200);
    expect(typeof (await slowRefresh)).toBe('string');
  }, 30_000);

  it('never lets a refresh of the old grant overwrite or break a connection made meanwhile', async () => {
    const mia = await service.signIn('mia@acme.test');
    await connectPersonal(service, mia, 'mia.personal@example.test');
    const MIA = { kind: 'personal', accountId: 'acct_mia' } as const;
    await service.deps.db
      .update(personalConnections)
      .set({ accessTokenExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(personalConnections.accountId, 'acct_mia'));
    await service.zoomControl('POST', '/faults', { match: '/oauth/token', delayMs: 800, count: 1 });
    const oldRefresh = withAccessToken(service.deps, MIA, async (t) => t).catch((e) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Mia connects again while the slow refresh of her previous grant is still out at Zoom.
    expect((await connectPersonal(service, mia, 'mia.personal@example.test')).outcome).toBe(
      'connected',
    );
    const [fresh] = await service.deps.db.select().from(personalConnections);
    await oldRefresh;
    const [after] = await service.deps.db.select().from(personalConnections);
    expect(after).toMatchObject({
      state: 'active',
      accessTokenSealed: fresh?.accessTokenSealed,
      refreshTokenSealed: fresh?.refreshTokenSealed,
    });
    const token = service.deps.vault.open(after?.accessTokenSealed ?? '');
    expect((await service.deps.zoom.getUser(token, 'me')).email).toBe('mia.personal@example.test');
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

describe('withAccessToken on a personal connection', () => {
  it('refreshes an expired personal token into the personal row, with no org audit entry', async () => {
    await expiredPersonalConnection();
    const [before] = await service.deps.db.select().from(personalConnections);
    const token = await miaToken(service.deps);

    expect((await stats()).tokenRequests.refresh_token).toBe(1);
    const [after] = await service.deps.db.select().from(personalConnections);
    expect(service.deps.vault.open(after?.accessTokenSealed ?? '')).toBe(token);
    expect(after?.refreshTokenSealed).not.toBe(before?.refreshTokenSealed);
    expect(after).toMatchObject({ state: 'active', refreshLeaseId: null, refreshLeaseUntil: null });
    expect((await service.deps.zoom.getUser(token, 'me')).email).toBe('mia.personal@example.test');
    expect(await auditEntries()).toEqual([]);
  });

  it('keeps the personal tokens when Zoom refuses the personal app, and names that app', async () => {
    await expiredPersonalConnection();
    const [before] = await service.deps.db.select().from(personalConnections);
    const misconfigured: Deps = {
      ...service.deps,
      env: { ...service.deps.env, ZOOM_PERSONAL_CLIENT_SECRET: 'rotated-in-zoom' },
    };
    const error = await miaToken(misconfigured).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'zoom_misconfigured',
      message: expect.stringContaining('personal app credentials (invalid_client)'),
      details: { retryAfterSeconds: 60 },
    });
    const [during] = await service.deps.db.select().from(personalConnections);
    expect(during).toEqual(before);
    // Admins hear about org connections only; a member's connection leaves no org audit entry.
    expect(await auditEntries()).toEqual([]);

    expect(typeof (await miaToken(service.deps))).toBe('string');
  });

  it('turns a refused personal refresh into needs_reconnect, and says so from then on', async () => {
    await expiredPersonalConnection();
    await service.zoomControl('POST', '/grants/revoke', {
      email: 'mia.personal@example.test',
      clientId: 'sandbox-personal-app',
    });
    const error = await miaToken(service.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'zoom_needs_reconnect',
      message:
        'This Zoom connection needs to be reconnected. Zoom no longer accepts your personal connection: it was revoked or the app was removed in Zoom. Connect your personal Zoom again (Zoom: invalid_grant).',
    });
    const [row] = await service.deps.db.select().from(personalConnections);
    expect(row).toMatchObject({
      state: 'needs_reconnect',
      accessTokenSealed: null,
      refreshTokenSealed: null,
      refreshLeaseId: null,
    });
    expect(await auditEntries()).toEqual([]);

    const again = await miaToken(service.deps).catch((e: unknown) => e);
    expect(again).toMatchObject({
      code: 'zoom_needs_reconnect',
      message: 'This Zoom connection needs to be reconnected.',
    });
    expect((await stats()).tokenRequests.refresh_token).toBe(1);
  });
});

describe('withAccessToken without a usable connection', () => {
  it('answers zoom_not_connected when nothing was ever connected, without asking Zoom', async () => {
    for (const target of [ORG, MIA]) {
      let called = false;
      const error = await withAccessToken(service.deps, target, async () => {
        called = true;
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({
        code: 'zoom_not_connected',
        message: 'This Zoom connection is not connected.',
      });
      expect(called).toBe(false);
    }
    expect((await stats()).tokenRequests.refresh_token).toBe(0);
  });

  it('answers zoom_needs_reconnect for an org connection Zoom cut off', async () => {
    await connectOrgThroughZoom(service, owner);
    await setOrgRow({
      state: 'needs_reconnect',
      accessTokenSealed: null,
      refreshTokenSealed: null,
    });
    expect(await usedToken(service.deps).catch((e: unknown) => e)).toMatchObject({
      code: 'zoom_needs_reconnect',
      message: 'This Zoom connection needs to be reconnected.',
    });
  });

  it('never uses stored tokens of a connection that is not active or misses one of them', async () => {
    await connectOrgThroughZoom(service, owner);
    const [connected] = await service.deps.db.select().from(orgConnections);
    for (const broken of [
      { state: 'disconnected' as const },
      { accessTokenSealed: null },
      { refreshTokenSealed: null },
    ]) {
      await setOrgRow({ ...connected, ...broken });
      let called = false;
      const error = await withAccessToken(service.deps, ORG, async () => {
        called = true;
      }).catch((e: unknown) => e);
      expect(error, JSON.stringify(broken)).toMatchObject({ code: 'zoom_not_connected' });
      expect(called).toBe(false);
    }
    expect((await stats()).tokenRequests.refresh_token).toBe(0);
  });
});

describe('when a refresh is due', () => {
  it('refreshes a token with exactly the margin left, and one whose expiry was never stored', async () => {
    await connectOrgThroughZoom(service, owner);
    const at = new Date();
    const frozen: Deps = { ...service.deps, now: () => at };
    await setOrgRow({ accessTokenExpiresAt: new Date(at.getTime() + REFRESH_MARGIN_MS) });
    await usedToken(frozen);
    expect((await stats()).tokenRequests.refresh_token).toBe(1);

    await setOrgRow({ accessTokenExpiresAt: null });
    await usedToken(service.deps);
    expect((await stats()).tokenRequests.refresh_token).toBe(2);
  });

  it('passes on an unexpected failure of the refresh as it is, and frees the lease', async () => {
    await expiredOrgConnection();
    await setOrgRow({ refreshTokenSealed: 'not-a-sealed-token' });
    const error = await usedToken(service.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(DomainError);
    expect((error as Error).message).toBe('Unrecognized sealed value');
    const [row] = await service.deps.db.select().from(orgConnections);
    expect(row).toMatchObject({ state: 'active', refreshLeaseId: null, refreshLeaseUntil: null });
  });

  it("gives up with zoom_unavailable when someone else's refresh never finishes", async () => {
    await expiredOrgConnection();
    const [row] = await service.deps.db.select().from(orgConnections);
    expect(await claimRefreshLease(service.deps, ORG, row?.refreshTokenSealed ?? '')).toBeTruthy();
    // The lease stays live by the service's clock while the wall clock runs past the wait.
    const at = new Date();
    const leaseStaysLive: Deps = { ...service.deps, now: () => at };
    vi.useFakeTimers({ toFake: ['Date'], now: at });
    try {
      const waiting = usedToken(leaseStaysLive).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 100));
      vi.setSystemTime(at.getTime() + REFRESH_LEASE_MS + 10_000);
      expect(await waiting).toMatchObject({ code: 'zoom_unavailable' });
    } finally {
      vi.useRealTimers();
    }
    expect((await stats()).tokenRequests.refresh_token).toBe(0);
  });
});

describe('a refresh that lost its lease to someone else', () => {
  /** Starts a slow refresh and, once it holds the lease, hands the lease to another holder. */
  async function refreshLosingLease(deps: Deps) {
    await service.zoomControl('POST', '/faults', { match: '/oauth/token', delayMs: 400, count: 1 });
    const outcome = usedToken(deps).catch((e: unknown) => e);
    for (;;) {
      const [row] = await service.deps.db.select().from(orgConnections);
      if (row?.refreshLeaseId) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await setOrgRow({ refreshLeaseId: 'another-holder' });
    return outcome;
  }

  it('neither stores its pair nor reports an earlier Zoom problem resolved', async () => {
    await expiredOrgConnection();
    await setOrgRow({ zoomProblem: 'earlier problem', zoomProblemSince: new Date() });
    const [before] = await service.deps.db.select().from(orgConnections);
    expect(typeof (await refreshLosingLease(service.deps))).toBe('string');
    const [after] = await service.deps.db.select().from(orgConnections);
    expect(after).toMatchObject({
      accessTokenSealed: before?.accessTokenSealed,
      refreshTokenSealed: before?.refreshTokenSealed,
      zoomProblem: 'earlier problem',
      zoomProblemSince: before?.zoomProblemSince,
      refreshLeaseId: 'another-holder',
    });
    expect(await auditEntries()).toEqual([]);
  });

  it('neither breaks the connection nor audits it when Zoom refuses the grant', async () => {
    await expiredOrgConnection();
    await service.zoomControl('POST', '/grants/revoke', {
      email: 'zara@acme.test',
      clientId: 'sandbox-org-app',
    });
    expect(await refreshLosingLease(service.deps)).toMatchObject({ code: 'zoom_needs_reconnect' });
    const [after] = await service.deps.db.select().from(orgConnections);
    expect(after?.state).toBe('active');
    expect(await auditEntries()).toEqual([]);
  });

  it('neither records nor audits a Zoom problem when Zoom refuses our app', async () => {
    await expiredOrgConnection();
    const misconfigured: Deps = {
      ...service.deps,
      env: { ...service.deps.env, ZOOM_ORG_CLIENT_SECRET: 'rotated-in-zoom' },
    };
    expect(await refreshLosingLease(misconfigured)).toMatchObject({ code: 'zoom_misconfigured' });
    const [after] = await service.deps.db.select().from(orgConnections);
    expect(after?.zoomProblem).toBeNull();
    expect(await auditEntries()).toEqual([]);
  });
});

describe('withAccessToken calling Zoom', () => {
  it('passes on any failure other than a rejected token without refreshing or retrying', async () => {
    await connectOrgThroughZoom(service, owner);
    for (const failure of [
      new ZoomApiError(404, 3001, 'Meeting does not exist.'),
      new Error('x'),
    ]) {
      let calls = 0;
      const error = await withAccessToken(service.deps, ORG, async () => {
        calls++;
        throw failure;
      }).catch((e: unknown) => e);
      expect(error).toBe(failure);
      expect(calls).toBe(1);
    }
    expect((await stats()).tokenRequests.refresh_token).toBe(0);
  });
});

describe('describeAppRefusal', () => {
  it('tells admins a refused client secret is a configuration fix, naming the app', () => {
    const refused = new ZoomOAuthError(401, 'invalid_client', 'Invalid client_id or client_secret');
    const org = describeAppRefusal(refused, ORG);
    expect(org).toMatch(
      /^Zoom refused this service's organization app credentials \(invalid_client\)/,
    );
    expect(org).toContain('client ID or secret');
    expect(describeAppRefusal(refused, MIA)).toMatch(
      /^Zoom refused this service's personal app credentials \(invalid_client\)/,
    );
  });

  it("tells admins an edge's answer is a network matter, not a reconnect", () => {
    const edge = new ZoomOAuthError(403, 'unexpected_response', 'HTTP 403 without a JSON body');
    const message = describeAppRefusal(edge, ORG);
    expect(message).toMatch(/^Zoom's sign-in service answered HTTP 403 without a JSON body, /);
    expect(message).toContain("check the service's network path to Zoom");
    expect(message).not.toContain('client ID');
  });

  it("names any other refusal by Zoom's own code and reason", () => {
    const other = new ZoomOAuthError(400, 'unsupported_grant_type', 'Unsupported grant type');
    expect(describeAppRefusal(other, MIA)).toBe(
      "Zoom refused this service's personal app (unsupported_grant_type: Unsupported grant type). Check the app's configuration in the Zoom App Marketplace; nothing needs reconnecting.",
    );
    expect(describeAppRefusal(other, ORG)).toMatch(
      /^Zoom refused this service's organization app \(/,
    );
  });
});
