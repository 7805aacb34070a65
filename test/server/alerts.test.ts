import { eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alertPreferencesResponse, alertsResponse } from '../../lib/contracts/alerts';
import { type RunningMailCatcher, startMailCatcher } from '../../sandbox/mail-catcher';
import {
  accounts,
  alertEmailPreferences,
  alertFanouts,
  alertRecipients,
  alerts,
  approvalLinks,
  auditLog,
  mailOutbox,
  memberships,
  oauthFlows,
  orgConnections,
  personalConnections,
} from '../../server/db/schema';
import type { Deps } from '../../server/deps';
import {
  FANOUT_BATCH,
  FANOUT_LEASE_MS,
  onAlertWork,
  runAlertFanouts,
} from '../../server/domain/alerts';
import { scanExpiringApprovalLinks } from '../../server/domain/approval-link-alerts';
import { checkOrgConnection, runDueHealthChecks } from '../../server/domain/org-health';
import { withAccessToken } from '../../server/domain/token-refresh';
import { deliverDueMail } from '../../server/mail/outbox';
import {
  expectApiError,
  postZoomWebhook,
  seedOtherOrg,
  startServiceWithZoom,
  type TestServiceWithZoom,
} from './harness';
import { connectPersonal } from './personal-zoom';
import { connectOrgThroughZoom } from './zoom-browser';

/**
 * Alerts that reach the right person once: each incident mails each recipient once however many
 * health checks, processes or webhook retries see it, and once more when it is resolved.
 */

let service: TestServiceWithZoom;
let catcher: RunningMailCatcher;
let owner: Record<string, string>;
let adam: Record<string, string>;
let mia: Record<string, string>;

const ADMINS = ['olivia@acme.test', 'adam@acme.test'];
const MEMBERS = ['mia@acme.test', 'max@acme.test'];
const HOUR = 60 * 60_000;

beforeAll(async () => {
  catcher = await startMailCatcher();
  service = await startServiceWithZoom({ SMTP_URL: catcher.smtpUrl });
  owner = await service.signIn('olivia@acme.test');
  adam = await service.signIn('adam@acme.test');
  mia = await service.signIn('mia@acme.test');
});
afterAll(async () => {
  await service.close();
  await catcher.close();
});
beforeEach(async () => {
  await service.zoomControl('POST', '/reset');
  const db = service.deps.db;
  for (const table of [alerts, alertEmailPreferences, mailOutbox, oauthFlows, approvalLinks]) {
    await db.delete(table);
  }
  await db.delete(personalConnections);
  await db.delete(orgConnections);
  await db.delete(auditLog);
  catcher.clear();
});

/** Every alert told (the fan-out) and every mail the outbox holds delivered, as each process's
 * mail tick does; then what the catcher got, as [to, subject]. */
async function inbox() {
  await runAlertFanouts(service.deps);
  while ((await deliverDueMail(service.deps)).sent > 0);
  return catcher
    .messages()
    .map((m) => ({ to: m.to.join(','), subject: m.subject, text: m.text, html: m.html }))
    .sort((a, b) => a.to.localeCompare(b.to) || a.subject.localeCompare(b.subject));
}

const recipients = (mails: { to: string }[]) => mails.map((m) => m.to).sort();

/** Makes the connection due for the scheduler again, as the interval passing would. */
const makeDue = () =>
  service.deps.db
    .update(orgConnections)
    .set({ nextCheckAt: null })
    .where(eq(orgConnections.orgId, 'org_acme'));

async function demoteApproverAndCheck(times: number) {
  await service.zoomControl('PATCH', '/users/zara@acme.test', { role: 'Member' });
  for (let i = 0; i < times; i++) {
    await makeDue();
    await runDueHealthChecks(service.deps, HOUR);
  }
}

async function orgAlertList(headers = owner) {
  const res = await service.request('GET', '/api/org/alerts', { headers });
  expect(res.status).toBe(200);
  return alertsResponse.parse(await res.json()).alerts;
}

describe('the org connection needs reconnecting', () => {
  it('mails each org admin and each member who relies on it once over five health checks, and once when reconnected', async () => {
    await connectOrgThroughZoom(service, owner);
    await demoteApproverAndCheck(5);

    const opened = await inbox();
    expect(recipients(opened)).toEqual([...ADMINS, ...MEMBERS].sort());
    const toAdmin = opened.find((m) => m.to === 'adam@acme.test');
    expect(toAdmin?.subject).toBe('Zoom for Acme Scheduling needs to be reconnected');
    expect(toAdmin?.text).toContain('zara@acme.test is no longer a Zoom account Owner or Admin');
    expect(toAdmin?.text).toContain('http://service.test/console');
    expect(toAdmin?.html).toContain('href="http://service.test/console"');
    const toMember = opened.find((m) => m.to === 'mia@acme.test');
    expect(toMember?.subject).toBe("Zoom for Acme Scheduling isn't working right now");
    expect(toMember?.text).toContain('Olivia Owner and Adam Admin');

    const list = await orgAlertList();
    expect(list).toEqual([
      expect.objectContaining({ kind: 'org_needs_reconnect', resolvedAt: null }),
    ]);

    catcher.clear();
    await connectOrgThroughZoom(service, owner, 'olivia@acme.test');
    await makeDue();
    await runDueHealthChecks(service.deps, HOUR);
    const resolved = await inbox();
    expect(recipients(resolved)).toEqual([...ADMINS, ...MEMBERS].sort());
    expect(
      resolved.every((m) => m.subject === 'Resolved: Zoom for Acme Scheduling works again'),
    ).toBe(true);
    expect(resolved[0]?.text).toContain('olivia@acme.test (Zoom Owner) approved the connection');
    expect(await orgAlertList()).toEqual([
      expect.objectContaining({
        kind: 'org_needs_reconnect',
        resolvedAt: expect.any(String),
        resolution: 'olivia@acme.test (Zoom Owner) approved the connection',
      }),
    ]);
  });

  it('opens one incident when two service instances check at the same moment', async () => {
    await connectOrgThroughZoom(service, owner);
    await service.zoomControl('PATCH', '/users/zara@acme.test', { role: 'Member' });
    const second = await service.secondInstance();
    try {
      const answers = await Promise.all([
        service.request('POST', '/api/org/zoom/check', { headers: owner }),
        second.request('POST', '/api/org/zoom/check', { headers: adam }),
        service.request('POST', '/api/org/zoom/check', { headers: adam }),
        second.request('POST', '/api/org/zoom/check', { headers: owner }),
      ]);
      // A check that starts after another broke the connection finds nothing to check (409).
      const statuses = answers.map((a) => a.status);
      expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
      expect(statuses).toContain(200);
    } finally {
      await second.close();
    }
    expect(await service.deps.db.select().from(alerts)).toHaveLength(1);
    expect(recipients(await inbox())).toEqual([...ADMINS, ...MEMBERS].sort());
  });

  it('does not tell members who have a working personal Zoom or removed the org connection', async () => {
    await connectOrgThroughZoom(service, owner);
    await connectPersonal(service, mia, 'mia.personal@example.test');
    await demoteApproverAndCheck(1);
    expect(recipients(await inbox())).toEqual([...ADMINS, 'max@acme.test'].sort());
  });
});

describe('a large organization: the alert fans out after the state change', () => {
  const N = 5000;
  const everyone = N + ADMINS.length + MEMBERS.length;
  const db = () => service.deps.db;

  beforeAll(async () => {
    await db().execute(
      sql`insert into accounts (id, email, name, password_hash) select 'acct_big' || g, 'big' || g || '@acme.test', 'Big ' || g, 'x' from generate_series(1, ${N}::int) g`,
    );
    await db().execute(
      sql`insert into memberships (org_id, account_id, role, member_name, member_email) select 'org_acme', 'acct_big' || g, 'user', 'Big ' || g, 'big' || g || '@acme.test' from generate_series(1, ${N}::int) g`,
    );
  });
  afterAll(async () => {
    await db().delete(mailOutbox);
    await db().delete(accounts).where(like(accounts.id, 'acct_big%'));
  });

  const queued = async (kind: 'alert' | 'alert_resolved') =>
    (
      await db()
        .select({ to: mailOutbox.recipient })
        .from(mailOutbox)
        .where(eq(mailOutbox.kind, kind))
    ).map((r) => r.to);
  const told = async () =>
    db()
      .select({
        accountId: alertRecipients.accountId,
        email: memberships.memberEmail,
        emailed: alertRecipients.emailed,
      })
      .from(alertRecipients)
      .innerJoin(memberships, eq(memberships.accountId, alertRecipients.accountId));
  const fanouts = () =>
    db().select({ phase: alertFanouts.phase, cursor: alertFanouts.cursor }).from(alertFanouts);
  /** Each one of `list` once, and `count` of them. */
  const expectEachOnce = (list: string[], count: number) => {
    expect(list).toHaveLength(count);
    expect(new Set(list).size).toBe(count);
  };

  it('the state change writes the alert and one fan-out row, not a row per member', async () => {
    await connectOrgThroughZoom(service, owner);
    await demoteApproverAndCheck(2);
    expect(await db().select().from(alerts)).toHaveLength(1);
    expect(await fanouts()).toEqual([{ phase: 'opened', cursor: '' }]);
    expect(await told()).toEqual([]);
    expect(await queued('alert')).toEqual([]);
  });

  it('two instances fanning out at once tell each member exactly once: one recipient row, one mail', async () => {
    await connectOrgThroughZoom(service, owner);
    await demoteApproverAndCheck(1);
    const second = await service.secondInstance();
    try {
      await Promise.all([
        runAlertFanouts(service.deps, { batchSize: 500 }),
        runAlertFanouts(second.deps, { batchSize: 500 }),
        runAlertFanouts(second.deps, { batchSize: 500 }),
      ]);
    } finally {
      await second.close();
    }
    expectEachOnce(
      (await told()).map((r) => r.accountId),
      everyone,
    );
    expectEachOnce(await queued('alert'), everyone);
    expect(await fanouts()).toEqual([]);
  });

  it('a fan-out whose worker died mid-way is resumed by another process after the lease, telling nobody twice', async () => {
    await connectOrgThroughZoom(service, owner);
    await demoteApproverAndCheck(1);
    // The first worker commits two batches and dies with its lease still running.
    expect(await runAlertFanouts(service.deps, { maxBatches: 2 })).toMatchObject({
      batches: 2,
      told: 2 * FANOUT_BATCH,
      mails: 2 * FANOUT_BATCH,
    });
    const [left] = await fanouts();
    expect(left?.cursor).not.toBe('');
    const second = await service.secondInstance();
    try {
      // While the lease runs, nobody else takes the fan-out.
      expect(await runAlertFanouts(second.deps)).toMatchObject({ batches: 0, told: 0 });
      const afterLease = {
        ...second.deps,
        now: () => new Date(Date.now() + FANOUT_LEASE_MS + 1000),
      };
      expect(await runAlertFanouts(afterLease)).toMatchObject({
        fanouts: 1,
        told: everyone - 2 * FANOUT_BATCH,
      });
    } finally {
      await second.close();
    }
    expectEachOnce(
      (await told()).map((r) => r.accountId),
      everyone,
    );
    expectEachOnce(await queued('alert'), everyone);
    expect(await fanouts()).toEqual([]);
  });

  it('mails "resolved" exactly to those emailed before it ended, and tells nobody after', async () => {
    // Every tenth member turned the org-down email off: told (the popup), not emailed.
    await db().execute(
      sql`insert into alert_email_preferences (account_id, topic, email) select 'acct_big' || g, 'org_down', false from generate_series(10, ${N}::int, 10) g`,
    );
    await connectOrgThroughZoom(service, owner);
    await demoteApproverAndCheck(1);
    await runAlertFanouts(service.deps, { maxBatches: 3 });
    // Fixed while the fan-out was under way (its worker still holds the lease).
    await connectOrgThroughZoom(service, owner, 'olivia@acme.test');
    await runAlertFanouts(service.deps);
    await runAlertFanouts({
      ...service.deps,
      now: () => new Date(Date.now() + FANOUT_LEASE_MS + 1000),
    });

    const recorded = await told();
    expect(recorded).toHaveLength(3 * FANOUT_BATCH);
    const emailed = recorded.filter((r) => r.emailed).map((r) => r.email);
    expect(emailed.length).toBeLessThan(recorded.length);
    expect((await queued('alert')).sort()).toEqual(emailed.slice().sort());
    expect((await queued('alert_resolved')).sort()).toEqual(emailed.slice().sort());
    expect(await fanouts()).toEqual([]);
  });
});

describe('an incident closed before its fan-out ran', () => {
  it('tells nobody that it opened, nor that it was resolved', async () => {
    await connectOrgThroughZoom(service, owner);
    await demoteApproverAndCheck(1);
    await connectOrgThroughZoom(service, owner, 'olivia@acme.test');
    expect(await inbox()).toEqual([]);
    expect(await orgAlertList()).toEqual([
      expect.objectContaining({ kind: 'org_needs_reconnect', resolvedAt: expect.any(String) }),
    ]);
    expect(await service.deps.db.select().from(alertFanouts)).toEqual([]);
  });
});

describe('the in-process kick', () => {
  it('hints this process to fan out when an incident opens or is resolved, not when it was open already', async () => {
    let hints = 0;
    const stop = onAlertWork(() => hints++);
    try {
      await connectOrgThroughZoom(service, owner);
      await demoteApproverAndCheck(3);
      expect(hints).toBe(1);
      await connectOrgThroughZoom(service, owner, 'olivia@acme.test');
      expect(hints).toBe(2);
    } finally {
      stop();
    }
  });
});

describe('Zoom removed the app', () => {
  it('mails the org admins once for repeated webhooks and replaces an open break', async () => {
    await connectOrgThroughZoom(service, owner);
    await demoteApproverAndCheck(1);
    await inbox();
    catcher.clear();
    const event = {
      event: 'app_deauthorized',
      event_ts: Date.now(),
      payload: {
        account_id: 'acme-zoom-account',
        user_id: 'zu_zara',
        client_id: 'sandbox-org-app',
        deauthorization_time: new Date().toISOString(),
      },
    };
    for (let i = 0; i < 3; i++)
      expect((await postZoomWebhook(service, 'org', event)).status).toBe(200);
    const mails = await inbox();
    expect(recipients(mails)).toEqual([...ADMINS, ...MEMBERS].sort());
    expect(mails.find((m) => m.to === 'olivia@acme.test')?.subject).toBe(
      'Zoom removed the app for Acme Scheduling',
    );
    const list = await orgAlertList();
    expect(list.map((a) => [a.kind, a.resolution])).toEqual(
      expect.arrayContaining([
        ['org_deauthorized', null],
        ['org_needs_reconnect', 'Zoom removed the app'],
      ]),
    );
  });
});

describe('a configuration problem', () => {
  it('mails the admins once while Zoom refuses our client secret, and once when it is fixed', async () => {
    await connectOrgThroughZoom(service, owner);
    const misconfigured: Deps = {
      ...service.deps,
      env: { ...service.deps.env, ZOOM_ORG_CLIENT_SECRET: 'rotated-in-zoom' },
    };
    for (let i = 0; i < 3; i++) {
      await service.deps.db
        .update(orgConnections)
        .set({ accessTokenExpiresAt: new Date(Date.now() - 1000) });
      expect((await checkOrgConnection(misconfigured, 'org_acme')).outcome).toBe('zoom_problem');
    }
    const mails = await inbox();
    expect(recipients(mails)).toEqual(ADMINS.slice().sort());
    expect(mails[0]?.subject).toBe("Zoom refuses the service's configuration for Acme Scheduling");
    expect(mails[0]?.text).toContain('invalid_client');

    catcher.clear();
    await withAccessToken(service.deps, { kind: 'org', orgId: 'org_acme' }, async (t) => t);
    await withAccessToken(service.deps, { kind: 'org', orgId: 'org_acme' }, async (t) => t);
    const resolved = await inbox();
    expect(recipients(resolved)).toEqual(ADMINS.slice().sort());
    expect(resolved[0]?.subject).toBe(
      "Resolved: Zoom accepts the service's configuration for Acme Scheduling again",
    );
  });
});

describe('an approval link about to expire unused', () => {
  async function requestLink() {
    const res = await service.request('POST', '/api/org/zoom/approval-links', {
      headers: owner,
      body: {},
    });
    return ((await res.json()) as { url: string }).url;
  }
  /** Moves the link's end closer, as time passing would (the outbox keeps the real clock). */
  const expiresIn = (ms: number) =>
    service.deps.db.update(approvalLinks).set({ expiresAt: new Date(Date.now() + ms) });

  it('mails the admins once with the link, however many scans run at once, and says nothing before the last 24 hours', async () => {
    const url = await requestLink();
    await expiresIn(25 * HOUR);
    expect(await scanExpiringApprovalLinks(service.deps)).toBe(0);
    await expiresIn(12 * HOUR);
    // Four scans at once: on PostgreSQL each runs on its own pooled connection, as processes do.
    const opened = await Promise.all(
      Array.from({ length: 4 }, () => scanExpiringApprovalLinks(service.deps)),
    );
    expect(opened.reduce((a, b) => a + b, 0)).toBe(1);
    await scanExpiringApprovalLinks(service.deps);
    const mails = await inbox();
    expect(recipients(mails)).toEqual(ADMINS.slice().sort());
    expect(mails[0]?.subject).toBe(
      'The Zoom approval link for Acme Scheduling expires within 24 hours',
    );
    expect(mails[0]?.text).toContain(url);
    expect(mails[0]?.text).toContain('Olivia Owner');
  });

  it('sends one "resolved" mail when the link is used, and closes quietly when it is replaced', async () => {
    await requestLink();
    await expiresIn(12 * HOUR);
    await scanExpiringApprovalLinks(service.deps);
    const revoked = await service.request('DELETE', '/api/org/zoom/approval-links/current', {
      headers: owner,
    });
    expect(revoked.status).toBe(204);
    await scanExpiringApprovalLinks(service.deps);
    const list = await orgAlertList();
    expect(list).toEqual([
      expect.objectContaining({
        kind: 'approval_link_expiring',
        resolution: 'The link was replaced or revoked',
      }),
    ]);
    await inbox();
    catcher.clear();

    const url = await requestLink();
    await expiresIn(12 * HOUR);
    await scanExpiringApprovalLinks(service.deps);
    // A mail tick comes between the warning and the approval (an incident closed before its
    // fan-out ran tells nobody: see 'an incident closed before its fan-out ran').
    await runAlertFanouts(service.deps);
    const token = url.split('/').at(-1) ?? '';
    const { approveAtZoom, pathOf } = await import('./zoom-browser');
    const flow = (await (
      await service.request('POST', `/api/approvals/${token}/flows`, { body: { client: 'web' } })
    ).json()) as { authorizeUrl: string };
    const answer = await approveAtZoom(flow.authorizeUrl, 'zara@acme.test');
    await service.app.request(pathOf(answer.location ?? ''));
    const mails = await inbox();
    const warned = 'The Zoom approval link for Acme Scheduling expires within 24 hours';
    const connected = 'Resolved: Zoom for Acme Scheduling is connected';
    expect(mails.map((m) => [m.to, m.subject])).toEqual([
      ['adam@acme.test', connected],
      ['adam@acme.test', warned],
      ['olivia@acme.test', connected],
      ['olivia@acme.test', warned],
    ]);
  });
});

describe('a personal connection that breaks', () => {
  async function breakMiasPersonalZoom() {
    await connectPersonal(service, mia, 'mia.personal@example.test');
    await service.zoomControl('POST', '/grants/revoke', {
      email: 'mia.personal@example.test',
      clientId: 'sandbox-personal-app',
    });
    await service.deps.db
      .update(personalConnections)
      .set({ accessTokenExpiresAt: new Date(Date.now() - 1000) });
    for (let i = 0; i < 3; i++) {
      await service.request('POST', '/api/me/zoom/personal/check', { headers: mia });
    }
  }

  it("tells the member once, with the org's Zoom they now use, and once when it is connected again", async () => {
    await connectOrgThroughZoom(service, owner);
    await breakMiasPersonalZoom();
    const mails = await inbox();
    expect(recipients(mails)).toEqual(['mia@acme.test']);
    expect(mails[0]?.subject).toBe('Your personal Zoom connection needs to be reconnected');
    expect(mails[0]?.text).toContain("Meanwhile your meetings use Acme Scheduling's Zoom");

    const mine = await service.request('GET', '/api/me/alerts', { headers: mia });
    expect(alertsResponse.parse(await mine.json()).alerts).toEqual([
      expect.objectContaining({ kind: 'personal_broken' }),
    ]);
    // Admins' list is the org's incidents, not a member's own.
    expect(await orgAlertList()).toEqual([]);

    catcher.clear();
    await connectPersonal(service, mia, 'mia.personal@example.test');
    const resolved = await inbox();
    expect(resolved.map((m) => [m.to, m.subject])).toEqual([
      ['mia@acme.test', 'Resolved: your personal Zoom is connected again'],
    ]);
    const after = await service.request('GET', '/api/me/alerts', { headers: mia });
    expect(alertsResponse.parse(await after.json()).alerts).toEqual([]);
  });

  it('says the member has no working Zoom when the org connection is not there either', async () => {
    await breakMiasPersonalZoom();
    const [mail] = await inbox();
    expect(mail?.text).toContain('Meanwhile you have no working Zoom');
  });
});

describe('a deliberate Disconnect', () => {
  it('tells the members who used the org connection once, not the admins, and resolves on reconnect', async () => {
    await connectOrgThroughZoom(service, owner);
    const res = await service.request('POST', '/api/org/zoom/disconnect', { headers: adam });
    expect(res.status).toBe(200);
    await service.request('POST', '/api/org/zoom/disconnect', { headers: owner });
    const mails = await inbox();
    expect(recipients(mails)).toEqual(MEMBERS.slice().sort());
    expect(mails[0]?.subject).toBe('Zoom for Acme Scheduling was disconnected');
    expect(mails[0]?.text).toContain('Adam Admin disconnected Zoom for the organization');
    catcher.clear();
    await connectOrgThroughZoom(service, owner);
    expect(recipients(await inbox())).toEqual(MEMBERS.slice().sort());
  });
});

describe('email choices', () => {
  it('lists the topics of the role, all on by default, and keeps a change', async () => {
    const res = await service.request('GET', '/api/me/alert-preferences', { headers: mia });
    expect(alertPreferencesResponse.parse(await res.json()).preferences).toEqual([
      { topic: 'org_down', email: true },
      { topic: 'personal_broken', email: true },
    ]);
    const put = await service.request('PUT', '/api/me/alert-preferences', {
      headers: adam,
      body: { preferences: [{ topic: 'org_needs_reconnect', email: false }] },
    });
    expect(put.status).toBe(200);
    expect(alertPreferencesResponse.parse(await put.json()).preferences).toContainEqual({
      topic: 'org_needs_reconnect',
      email: false,
    });
  });

  it('sends no email to a person who turned the kind off, and still lists the incident', async () => {
    await service.request('PUT', '/api/me/alert-preferences', {
      headers: adam,
      body: { preferences: [{ topic: 'org_needs_reconnect', email: false }] },
    });
    await service.request('PUT', '/api/me/alert-preferences', {
      headers: mia,
      body: { preferences: [{ topic: 'org_down', email: false }] },
    });
    await connectOrgThroughZoom(service, owner);
    await demoteApproverAndCheck(2);
    expect(recipients(await inbox())).toEqual(['max@acme.test', 'olivia@acme.test']);
    expect(await orgAlertList(adam)).toHaveLength(1);
    const mine = await service.request('GET', '/api/me/alerts', { headers: mia });
    expect(alertsResponse.parse(await mine.json()).alerts).toHaveLength(1);

    // The "resolved" mail goes to those who got the first one.
    catcher.clear();
    await connectOrgThroughZoom(service, owner, 'olivia@acme.test');
    expect(recipients(await inbox())).toEqual(['max@acme.test', 'olivia@acme.test']);
  });

  it('refuses a topic the role does not get, and malformed bodies, changing nothing', async () => {
    await expectApiError(
      await service.request('PUT', '/api/me/alert-preferences', {
        headers: mia,
        body: { preferences: [{ topic: 'org_needs_reconnect', email: false }] },
      }),
      400,
      'bad_request',
    );
    for (const body of [
      {},
      { preferences: [] },
      { preferences: [{ topic: 'nope', email: false }] },
      { preferences: [{ topic: 'org_down', email: 'no' }] },
      { preferences: [{ topic: 'org_down', email: false }], extra: 1 },
    ]) {
      await expectApiError(
        await service.request('PUT', '/api/me/alert-preferences', { headers: mia, body }),
        400,
        'bad_request',
      );
    }
    expect(await service.deps.db.select().from(alertEmailPreferences)).toEqual([]);
  });
});

describe('who may read alerts', () => {
  it("keeps the org's incidents from members and from other orgs' admins", async () => {
    await connectOrgThroughZoom(service, owner);
    await demoteApproverAndCheck(1);
    await expectApiError(
      await service.request('GET', '/api/org/alerts', { headers: mia }),
      403,
      'forbidden',
    );
    await expectApiError(await service.request('GET', '/api/org/alerts'), 401, 'unauthenticated');
    const gina = await seedOtherOrg(service, { ifMissing: true });
    expect(await orgAlertList(gina)).toEqual([]);
    const ginas = await service.request('GET', '/api/me/alerts', { headers: gina });
    expect(alertsResponse.parse(await ginas.json()).alerts).toEqual([]);
  });
});
