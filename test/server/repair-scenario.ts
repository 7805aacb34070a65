import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startMailCatcher } from '../../sandbox/mail-catcher';
import { ADMIN_APP_SCOPES } from '../../sandbox/scopes';
import { SANDBOX_ORG_APP } from '../../sandbox/seed';
import { startZoomSandbox } from '../../sandbox/server';
import type { MeetingCreate } from '../../sandbox/store';
import { createVault } from '../../server/crypto/vault';
import { createScratchDatabase } from '../scratch-postgres';
import { type ServiceProcess, startServiceProcess } from './service-process';

/**
 * The repair at scale (PRODUCT.md §6, README "Repair of upcoming bookings"): `bookings` upcoming
 * Zoom bookings across `hosts` hosts, whose meetings live in the org's old Zoom account, after
 * the org reconnected with another Zoom account; `processes` real service processes
 * (server/dev.ts) on one PostgreSQL repair them, and one is SIGKILLed part-way when `killAt` says
 * so. The Zoom sandbox runs here, so every create it accepted (and every 429 it answered) is
 * counted. Used by test/server/booking-repair-processes.test.ts and bench/booking-repair.ts.
 */
export interface RepairRunOptions {
  adminUrl: string;
  bookings: number;
  hosts: number;
  processes: number;
  /** SIGKILL the first process once this share (0–1) of the bookings is repaired; none if null. */
  killAt: number | null;
  /** Zoom's Create Meeting limit per account per second (20 on Pro, 60 on Business). */
  createsPerSecond: number;
  leaseSeconds: number;
  tickMs: number;
  timeoutMs: number;
  log?: (line: string) => void;
}

export interface RepairRunResult {
  /** From marking the bookings to the last one repaired. */
  seconds: number;
  repaired: number;
  stillNeeded: number;
  killedAfter: number | null;
  /** Accepted creates per booking (by its topic, one per booking). */
  createsPerBooking: Map<string, number>;
  creates: MeetingCreate[];
  qps429: number;
  daily429: number;
  maxCreatesPerAccountSecond: number;
  maxCreatesPerUserDay: number;
  /** Bookings whose recorded meeting is live at Zoom in the new account. */
  liveInNewAccount: number;
  /** Live meetings in the new account that no booking records. */
  orphans: number;
  updateMails: number;
  movedInAudit: number;
}

const NEW_ACCOUNT = 'acme-new-zoom-account';
const OLD_ACCOUNT = 'acme-zoom-account';

export async function runRepairScenario(options: RepairRunOptions): Promise<RepairRunResult> {
  const say = options.log ?? (() => {});
  const scratch = await createScratchDatabase(options.adminUrl, 'ozc_repair');
  const sandbox = await startZoomSandbox({ createsPerSecond: options.createsPerSecond });
  const catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 });
  const key = randomBytes(32).toString('base64');
  const env = {
    DATABASE_URL: scratch.url,
    TOKEN_ENCRYPTION_KEY: key,
    SEED_DEMO: 'true',
    PORT: '0',
    HEALTH_CHECK_INTERVAL_MINUTES: '0',
    ZOOM_OAUTH_URL: sandbox.url,
    ZOOM_API_URL: `${sandbox.url}/v2`,
    SMTP_URL: catcher.smtpUrl,
    REPAIR_TICK_MS: String(options.tickMs),
    REPAIR_LEASE_SECONDS: String(options.leaseSeconds),
  };
  const services: ServiceProcess[] = [];
  const db = new pg.Client({ connectionString: scratch.url });
  try {
    // The first migrates and seeds the demo org; the others start on the ready database.
    services.push(await startServiceProcess('server/dev.ts', env, 60_000));
    await db.connect();
    await seedHostsAndBookings(db, sandbox, key, options);
    for (let i = 1; i < options.processes; i++) {
      services.push(await startServiceProcess('server/dev.ts', env, 60_000));
    }
    say(`${options.processes} service processes up; marking ${options.bookings} bookings`);

    // What the org's reconnect does (markOrgBookingsForRepair), for every booking at once.
    const started = performance.now();
    await db.query(
      `update bookings set repair_needed = true, repair_after = null
       where org_id = 'org_acme' and status = 'confirmed' and location_kind = 'zoom' and ends_at > now()`,
    );
    let killedAfter: number | null = null;
    let stillNeeded = options.bookings;
    let finished = started;
    const deadline = started + options.timeoutMs;
    while (performance.now() < deadline) {
      stillNeeded = await count(db, 'select count(*) from bookings where repair_needed');
      const repaired = options.bookings - stillNeeded;
      if (stillNeeded === 0) {
        finished = performance.now();
        break;
      }
      if (options.killAt !== null && killedAfter === null) {
        if (repaired >= options.bookings * options.killAt) {
          await services[0]?.kill();
          killedAfter = repaired;
          say(`SIGKILLed process 1 after ${repaired} repaired`);
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (stillNeeded > 0) finished = performance.now();
    // Whatever the survivors were still sending settles before counting.
    await new Promise((r) => setTimeout(r, 500));

    const creates = [...sandbox.store.createLog];
    const createsPerBooking = new Map<string, number>();
    for (const create of creates) {
      createsPerBooking.set(create.topic, (createsPerBooking.get(create.topic) ?? 0) + 1);
    }
    const perSecond = new Map<string, number>();
    const perDay = new Map<string, number>();
    for (const create of creates) {
      const second = `${create.accountId}:${Math.floor(create.at / 1000)}`;
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
      const day = `${create.hostEmail}:${new Date(create.at).toISOString().slice(0, 10)}`;
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const recorded = await db.query<{ id: string }>(
      `select zoom_meeting_id::text as id from bookings
       where meeting_state = 'created' and zoom_account_id = $1`,
      [NEW_ACCOUNT],
    );
    const recordedIds = new Set(recorded.rows.map((r) => Number(r.id)));
    const live = [...sandbox.store.meetings.values()].filter((m) => m.accountId === NEW_ACCOUNT);
    const audit = await db.query<{ n: string }>(
      `select coalesce(sum((detail->>'count')::int), 0) as n from audit_log
       where action = 'bookings.meetings_moved'`,
    );
    return {
      seconds: (finished - started) / 1000,
      repaired: options.bookings - stillNeeded,
      stillNeeded,
      killedAfter,
      createsPerBooking,
      creates,
      qps429: sandbox.store.stats.meetingCreates.qps429,
      daily429: sandbox.store.stats.meetingCreates.daily429,
      maxCreatesPerAccountSecond: Math.max(0, ...perSecond.values()),
      maxCreatesPerUserDay: Math.max(0, ...perDay.values()),
      liveInNewAccount: live.filter((m) => recordedIds.has(m.id)).length,
      orphans: live.filter((m) => !recordedIds.has(m.id)).length,
      updateMails: await count(
        db,
        `select count(*) from mail_outbox where kind = 'booking_updated'`,
      ),
      movedInAudit: Number(audit.rows[0]?.n ?? 0),
    };
  } finally {
    await db.end().catch(() => {});
    await Promise.all(services.map((s) => s.stop()));
    await sandbox.close();
    await catcher.close();
    await scratch.drop();
  }
}

async function count(db: pg.Client, sql: string): Promise<number> {
  const { rows } = await db.query<{ count: string }>(sql);
  return Number(rows[0]?.count ?? 0);
}

/**
 * The org after a move to another Zoom account: its hosts are users there, the org connection is
 * that account's admin's grant, and every booking's meeting is recorded in the old account.
 */
async function seedHostsAndBookings(
  db: pg.Client,
  sandbox: Awaited<ReturnType<typeof startZoomSandbox>>,
  key: string,
  options: RepairRunOptions,
) {
  const store = sandbox.store;
  store.accounts.set(NEW_ACCOUNT, { id: NEW_ACCOUNT, name: 'Acme Inc. (new)', accountNumber: 1 });
  const admin = {
    id: 'zu_nora',
    accountId: NEW_ACCOUNT,
    email: 'nora@acme.test',
    firstName: 'Nora',
    lastName: 'Newadmin',
    roleName: 'Owner',
    roleId: '0',
    pmi: 5550009000,
    password: 'zoom-password',
    createdAt: '2024-01-15T09:00:00Z',
    lastLoginTime: '2024-01-15T09:00:00Z',
  };
  store.users.set(admin.id, admin);
  for (let h = 1; h <= options.hosts; h++) {
    const id = `zu_host${h}`;
    store.users.set(id, {
      ...admin,
      id,
      email: hostEmail(h),
      firstName: 'Host',
      lastName: String(h),
      roleName: 'Member',
      roleId: '2',
      pmi: 5550009000 + h,
    });
  }
  const { grant, accessToken } = store.createGrant(SANDBOX_ORG_APP.clientId, admin);
  const vault = createVault(Buffer.from(key, 'base64'));
  await db.query(
    `insert into org_connections (org_id, state, zoom_account_id, zoom_user_id, zoom_email,
       zoom_role, access_token_sealed, refresh_token_sealed, access_token_expires_at, scope,
       approved_at, updated_at)
     values ('org_acme', 'active', $1, $2, $3, 'Owner', $4, $5, $6, $7, now(), now())
     on conflict (org_id) do update set state = excluded.state,
       zoom_account_id = excluded.zoom_account_id, zoom_user_id = excluded.zoom_user_id,
       zoom_email = excluded.zoom_email, zoom_role = excluded.zoom_role,
       access_token_sealed = excluded.access_token_sealed,
       refresh_token_sealed = excluded.refresh_token_sealed,
       access_token_expires_at = excluded.access_token_expires_at, approved_at = now()`,
    [
      NEW_ACCOUNT,
      admin.id,
      admin.email,
      vault.seal(accessToken.token),
      vault.seal(grant.refreshToken),
      new Date(accessToken.expiresAt),
      ADMIN_APP_SCOPES.join(' '),
    ],
  );
  await db.query(
    `insert into accounts (id, email, name, password_hash)
     select 'acct_host' || h, 'host' || h || '@acme.test', 'Host ' || h, 'not-a-password'
     from generate_series(1, $1::int) h`,
    [options.hosts],
  );
  await db.query(
    `insert into memberships (org_id, account_id, role, member_name, member_email)
     select 'org_acme', 'acct_host' || h, 'user', 'Host ' || h, 'host' || h || '@acme.test'
     from generate_series(1, $1::int) h`,
    [options.hosts],
  );
  // Upcoming, 15 minutes each, a day out; meetings in the old account (no longer the org's).
  await db.query(
    `insert into bookings (id, org_id, host_account_id, event_name, location_kind, starts_at,
       ends_at, invitee_name, invitee_email, invitee_timezone, cancel_token_hash, meeting_state,
       zoom_meeting_id, zoom_via, zoom_account_id)
     select 'bk_' || n, 'org_acme', 'acct_host' || (n % $2::int + 1), 'Intro call',
       'zoom', now() + interval '1 day' + n * interval '15 minutes',
       now() + interval '1 day' + n * interval '15 minutes' + interval '15 minutes',
       'Invitee ' || n, 'invitee' || n || '@example.test', 'UTC', md5('cancel' || n), 'created',
       70000000000 + n, 'organization', $3
     from generate_series(1, $1::int) n`,
    [options.bookings, options.hosts, OLD_ACCOUNT],
  );
}

function hostEmail(h: number): string {
  return `host${h}@acme.test`;
}
