import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { alertKinds, alertTopics } from '../../lib/contracts/alerts';
import type { WeeklyAvailability } from '../../lib/contracts/event-types';

/**
 * One schema for PGlite and PostgreSQL. Secrets never sit here in the clear: session, link and
 * OAuth-state tokens are SHA-256 hashes; Zoom tokens and PKCE verifiers are AES-256-GCM sealed.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** When the account proved it receives mail at `email` (a link sent there was opened). Null
     * for a member who joined by invitation and has not yet; demo and CLI-made owners start
     * verified (the default). server/domain/email-verification.ts. */
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }).defaultNow(),
    /** The `<member>` of the public booking pages (PUBLIC_URL/book/<member>/<event>), given
     * with the account's first event type (server/domain/event-types.ts). */
    bookingHandle: text('booking_handle'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('accounts_email_key').on(t.email),
    uniqueIndex('accounts_booking_handle_key').on(t.bookingHandle),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    /** The absolute end (SESSION_ABSOLUTE_DAYS after sign-in); nothing moves it. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** For the idle expiry (SESSION_IDLE_HOURS): refreshed at most every few minutes, not on
     * every request (server/domain/sessions.ts). */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_key').on(t.tokenHash),
    index('sessions_account_idx').on(t.accountId),
    // The janitor's DELETE (server/domain/janitor.ts) finds expired rows by these.
    index('sessions_expires_idx').on(t.expiresAt),
  ],
);

export const orgs = pgTable('orgs', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  allowMemberRemoval: boolean('allow_member_removal').notNull().default(false),
  /** "Make Zoom the default location for new event types". */
  zoomDefaultLocation: boolean('zoom_default_location').notNull().default(false),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  'memberships',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['owner', 'admin', 'user'] }).notNull(),
    /** Copies of the account's name and email, so the member table sorts and searches on one
     * table's indexes at 100,000 members. Written wherever the account's are. */
    memberName: text('member_name').notNull(),
    memberEmail: text('member_email').notNull(),
    removedOrgConnection: boolean('removed_org_connection').notNull().default(false),
    /** Zoom answered 1001 for this member's email on the org connection: not in that account. */
    zoomUserMissing: boolean('zoom_user_missing').notNull().default(false),
    /** Copy of "the account's email is verified" (accounts.email_verified_at is not null), for
     * the member rule in the table's SQL. Written wherever that is. */
    emailVerified: boolean('email_verified').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.accountId] }),
    // One organization per account for now: sign-in resolves the account's single membership.
    uniqueIndex('memberships_account_key').on(t.accountId),
    check('memberships_role_check', sql`${t.role} in ('owner', 'admin', 'user')`),
    // The member table's keyset pages walk these in order (sort by name / email), see
    // server/domain/member-table.ts for the plans.
    index('memberships_org_name_idx').on(t.orgId, t.memberName, t.accountId),
    index('memberships_org_email_idx').on(t.orgId, t.memberEmail, t.accountId),
    // The table's counts: members by "removed the org connection", index-only.
    index('memberships_org_removed_idx').on(t.orgId, t.removedOrgConnection),
    // The few members Zoom answered 1001 for, counted apart (a partial index stays tiny).
    index('memberships_org_zoom_user_missing_idx').on(t.orgId).where(sql`${t.zoomUserMissing}`),
    // The members who have not verified their address yet, also few and counted apart.
    index('memberships_org_email_unverified_idx').on(t.orgId).where(sql`not ${t.emailVerified}`),
    // Substring search (ILIKE '%q%') on name or email: trigram GIN indexes (pg_trgm).
    index('memberships_name_trgm_idx').using('gin', t.memberName.op('gin_trgm_ops')),
    index('memberships_email_trgm_idx').using('gin', t.memberEmail.op('gin_trgm_ops')),
  ],
);

export const orgConnectionStateValues = [
  'not_connected',
  'pending_approval',
  'active',
  'needs_reconnect',
  'disconnected',
] as const;

/** The org's single admin-managed Zoom connection; absent row = not_connected. */
export const orgConnections = pgTable(
  'org_connections',
  {
    orgId: text('org_id')
      .primaryKey()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    state: text('state', { enum: orgConnectionStateValues }).notNull(),
    stateReason: text('state_reason'),
    zoomAccountId: text('zoom_account_id'),
    zoomUserId: text('zoom_user_id'),
    zoomEmail: text('zoom_email'),
    zoomRole: text('zoom_role'),
    accessTokenSealed: text('access_token_sealed'),
    refreshTokenSealed: text('refresh_token_sealed'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvedViaLinkId: text('approved_via_link_id'),
    requestedByAccountId: text('requested_by_account_id').references(() => accounts.id, {
      onDelete: 'set null',
    }),
    /** Health checks: when the next is due (claimed with SKIP LOCKED), the last one and its error. */
    nextCheckAt: timestamp('next_check_at', { withTimezone: true }),
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    lastCheckError: text('last_check_error'),
    /** Who is refreshing the tokens, and until when (server/domain/token-refresh.ts): a lease
     * instead of a row lock, so no Zoom call ever waits inside a transaction. */
    refreshLeaseId: text('refresh_lease_id'),
    refreshLeaseUntil: timestamp('refresh_lease_until', { withTimezone: true }),
    /** Zoom refused our app itself (wrong client secret, an edge answering HTML): the tokens are
     * kept, so fixing the configuration recovers without a reconnect. Null when fine. */
    zoomProblem: text('zoom_problem'),
    zoomProblemSince: timestamp('zoom_problem_since', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('org_connections_due_idx').on(t.state, t.nextCheckAt),
    check(
      'org_connections_state_check',
      sql`${t.state} in ('not_connected', 'pending_approval', 'active', 'needs_reconnect', 'disconnected')`,
    ),
    index('org_connections_zoom_account_idx').on(t.zoomAccountId),
  ],
);

export const approvalLinks = pgTable(
  'approval_links',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    /** Sealed copy so org admins can see and copy the pending link again. */
    tokenSealed: text('token_sealed').notNull(),
    requestedByAccountId: text('requested_by_account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('approval_links_token_hash_key').on(t.tokenHash),
    index('approval_links_org_idx').on(t.orgId, t.createdAt),
  ],
);

export const oauthFlows = pgTable(
  'oauth_flows',
  {
    id: text('id').primaryKey(),
    stateHash: text('state_hash').notNull(),
    kind: text('kind', { enum: ['org', 'personal'] }).notNull(),
    client: text('client', { enum: ['extension', 'web'] }).notNull(),
    orgId: text('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    approvalLinkId: text('approval_link_id').references(() => approvalLinks.id, {
      onDelete: 'cascade',
    }),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    codeVerifierSealed: text('code_verifier_sealed').notNull(),
    /** Where the browser goes after the callback: a chromiumapp.org URL or the web result page. */
    finalRedirect: text('final_redirect').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    outcome: text('outcome').notNull().default('pending'),
    outcomeDetail: jsonb('outcome_detail').$type<{
      zoomEmail?: string;
      zoomRole?: string;
      message?: string;
    }>(),
  },
  (t) => [
    uniqueIndex('oauth_flows_state_hash_key').on(t.stateHash),
    index('oauth_flows_expires_idx').on(t.expiresAt),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    actorAccountId: text('actor_account_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_org_idx').on(t.orgId, t.id)],
);

/** A member's own Zoom (the user-managed app). Absent row = no personal connection. */
export const personalConnections = pgTable(
  'personal_connections',
  {
    accountId: text('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    orgId: text('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    state: text('state', { enum: ['active', 'needs_reconnect'] }).notNull(),
    stateReason: text('state_reason'),
    zoomUserId: text('zoom_user_id').notNull(),
    zoomAccountId: text('zoom_account_id').notNull(),
    zoomEmail: text('zoom_email').notNull(),
    accessTokenSealed: text('access_token_sealed'),
    refreshTokenSealed: text('refresh_token_sealed'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    connectedAt: timestamp('connected_at', { withTimezone: true }).notNull(),
    /** Who is refreshing the tokens, and until when (server/domain/token-refresh.ts): a lease
     * instead of a row lock, so no Zoom call ever waits inside a transaction. */
    refreshLeaseId: text('refresh_lease_id'),
    refreshLeaseUntil: timestamp('refresh_lease_until', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('personal_connections_state_check', sql`${t.state} in ('active', 'needs_reconnect')`),
    index('personal_connections_org_idx').on(t.orgId, t.state),
    index('personal_connections_zoom_user_idx').on(t.zoomUserId),
  ],
);

/**
 * How many of an org's members have each combination of the member rule's per-member inputs:
 * "removed the org connection" and the personal connection's state ('none' without one). The
 * member table's total reads these few rows instead of counting every membership per request.
 * Kept by triggers on memberships and personal_connections, in the writing transaction, under a
 * per-org transaction lock (migration 0006_org_member_counts.sql): right across processes and
 * under concurrent writes. Every member is in exactly one row's count.
 */
export const orgMemberCounts = pgTable(
  'org_member_counts',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    removedOrgConnection: boolean('removed_org_connection').notNull(),
    personalState: text('personal_state', {
      enum: ['none', 'active', 'needs_reconnect'],
    }).notNull(),
    members: integer('members').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.removedOrgConnection, t.personalState] })],
);

/** An org admin's invitation: the link's token is stored hashed; single use; expires. */
export const invitations = pgTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: ['owner', 'admin', 'user'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    /**
     * The token sealed by the vault, so a pending invitation's link can be copied again and a
     * repeated "Send invitation" can hand it back (null on rows made before it was kept).
     */
    tokenSealed: text('token_sealed'),
    invitedByAccountId: text('invited_by_account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    index('invitations_org_idx').on(t.orgId, t.createdAt),
    check('invitations_role_check', sql`${t.role} in ('owner', 'admin', 'user')`),
  ],
);

/** A link sent to an address to prove the account receives mail there: hashed, single use. */
export const emailVerifications = pgTable(
  'email_verifications',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** The address the link was sent to: it verifies only while the account still has it. */
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('email_verifications_token_hash_key').on(t.tokenHash),
    index('email_verifications_account_idx').on(t.accountId),
    index('email_verifications_expires_idx').on(t.expiresAt),
  ],
);

/** A password-reset link mailed to an account's address: hashed, single use, short-lived. */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('password_resets_token_hash_key').on(t.tokenHash),
    index('password_resets_account_idx').on(t.accountId),
    index('password_resets_expires_idx').on(t.expiresAt),
  ],
);

/**
 * Mail waiting to be sent (server/mail/outbox.ts): written in the transaction that decides to
 * send it, delivered by whichever process claims it (SKIP LOCKED, then a lease), retried with
 * back-off. The message is sealed (its links carry tokens) and dropped once sent.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: text('id').primaryKey(),
    /** What kind of mail, for logs (never the body). */
    kind: text('kind').notNull(),
    recipient: text('recipient').notNull(),
    messageSealed: text('message_sealed'),
    createdAt: createdAt(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    leaseId: text('lease_id'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Given up after the last attempt (MAX_ATTEMPTS); kept for the operator to see. */
    failedAt: timestamp('failed_at', { withTimezone: true }),
  },
  (t) => [
    index('mail_outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`sent_at is null and failed_at is null`),
  ],
);

/**
 * Incidents people are told about (server/domain/alerts.ts): one row per incident, opened at the
 * state change that causes it and closed (resolved_at) by the one that fixes it. `key` names the
 * incident within its org (the kind, or the kind and the link or account it is about); the
 * partial unique index lets only one open row per key exist, so the INSERT … ON CONFLICT DO
 * NOTHING that opens it decides, across processes, who sends its mail.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: alertKinds }).notNull(),
    key: text('key').notNull(),
    /** The member a personal incident is about; null for the org's. */
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** How it ended, in plain words ("Reconnected by …", "Disconnected by …"). */
    resolution: text('resolution'),
  },
  (t) => [
    uniqueIndex('alerts_open_key').on(t.orgId, t.key).where(sql`resolved_at is null`),
    index('alerts_org_opened_idx').on(t.orgId, t.openedAt),
    index('alerts_account_idx').on(t.accountId),
  ],
);

/** Who was told of an incident (and whether by email), so its "resolved" mail goes to them. */
export const alertRecipients = pgTable(
  'alert_recipients',
  {
    alertId: text('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    audience: text('audience', { enum: ['admin', 'member'] }).notNull(),
    emailed: boolean('emailed').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.alertId, t.accountId] }),
    index('alert_recipients_account_idx').on(t.accountId),
  ],
);

/**
 * Telling an incident's recipients, after the state change committed (server/domain/alerts.ts):
 * one row per incident and phase ("opened": record each recipient and queue their mail;
 * "resolved": mail those who were told), written by the state-change transaction in O(1) and
 * worked off by whichever process claims it (SKIP LOCKED, then a lease) in short batches keyed on
 * account id; `cursor` is the last account done, advanced in each batch's transaction, so a
 * process that dies mid-way leaves a row another resumes once the lease runs out. Deleted when
 * done.
 */
export const alertFanouts = pgTable(
  'alert_fanouts',
  {
    alertId: text('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    phase: text('phase', { enum: ['opened', 'resolved'] }).notNull(),
    /** The last account id handled ('' = none yet): the next batch starts after it. */
    cursor: text('cursor').notNull().default(''),
    /** The link the mail's button opens when it is secret (an approval link), sealed. */
    urlSealed: text('url_sealed'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    leaseId: text('lease_id'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.alertId, t.phase] }),
    check('alert_fanouts_phase_check', sql`${t.phase} in ('opened', 'resolved')`),
    index('alert_fanouts_created_idx').on(t.createdAt),
  ],
);

/** A person's choice to get an alert topic by email; no row = yes (the default). */
export const alertEmailPreferences = pgTable(
  'alert_email_preferences',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    topic: text('topic', { enum: alertTopics }).notNull(),
    email: boolean('email').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.topic] })],
);

/**
 * Failed attempts per bucket and key (server/domain/rate-limits.ts), shared by every process.
 * `key` is an HMAC of what it limits (an email, a client address), never the value itself.
 * `expires_at` is when the row stops meaning anything (its window and any lock are over), so
 * purging is one index range.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    bucket: text('bucket').notNull(),
    key: text('key').notNull(),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
    failures: integer('failures').notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.bucket, t.key] }),
    index('rate_limits_expires_idx').on(t.expiresAt),
  ],
);

export const locationKindValues = ['zoom', 'phone', 'in_person', 'link'] as const;

/** A member's bookable event (PRODUCT.md §6): what, how long, where, and when they are free. */
export const eventTypes = pgTable(
  'event_types',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    locationKind: text('location_kind', { enum: locationKindValues }).notNull(),
    /** The phone number, address or link; null for Zoom (the meeting is made per booking). */
    locationDetail: text('location_detail'),
    /** IANA time zone the weekly availability is written in. */
    timezone: text('timezone').notNull(),
    availability: jsonb('availability').$type<WeeklyAvailability>().notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('event_types_account_slug_key').on(t.accountId, t.slug),
    index('event_types_org_idx').on(t.orgId),
    check(
      'event_types_location_kind_check',
      sql`${t.locationKind} in ('zoom', 'phone', 'in_person', 'link')`,
    ),
    check('event_types_duration_check', sql`${t.durationMinutes} between 5 and 720`),
  ],
);

export const bookingStatusValues = ['confirmed', 'cancelled'] as const;
/** `none`: not a Zoom event. `pending`: taken, meeting not made yet. `created`. `failed`: Zoom
 * could not make it (the host has no working Zoom); the invitee was told details follow. */
export const bookingMeetingStateValues = ['none', 'pending', 'created', 'failed'] as const;

/**
 * A booking of an event type. Two confirmed bookings of one host never overlap: an exclusion
 * constraint (btree_gist) in the hand-written migration `*_bookings_sql.sql`, which both
 * PostgreSQL and PGlite enforce, so concurrent bookings of one slot leave exactly one.
 */
export const bookings = pgTable(
  'bookings',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    /** Null once the host has left the org and the admin kept the booking (member-leaving.ts):
     * the booking, its invitee's links and its Zoom meeting outlive the account. */
    hostAccountId: text('host_account_id').references(() => accounts.id, { onDelete: 'set null' }),
    /** Who the host was, copied when they left, for the pages and mails that still name them. */
    formerHostName: text('former_host_name'),
    formerHostEmail: text('former_host_email'),
    eventTypeId: text('event_type_id').references(() => eventTypes.id, { onDelete: 'set null' }),
    /** Copies of the event type as booked, so editing or deleting it leaves the booking whole. */
    eventName: text('event_name').notNull(),
    locationKind: text('location_kind', { enum: locationKindValues }).notNull(),
    locationDetail: text('location_detail'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    inviteeName: text('invitee_name').notNull(),
    inviteeEmail: text('invitee_email').notNull(),
    inviteeTimezone: text('invitee_timezone').notNull(),
    status: text('status', { enum: bookingStatusValues }).notNull().default('confirmed'),
    /** The cancel link's token, SHA-256 hashed; the link itself is only in the mails. */
    cancelTokenHash: text('cancel_token_hash').notNull(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    meetingState: text('meeting_state', { enum: bookingMeetingStateValues }).notNull(),
    zoomMeetingId: bigint('zoom_meeting_id', { mode: 'number' }),
    /** Join link and passcode, sealed by the vault (the link carries the passcode). */
    zoomJoinSealed: text('zoom_join_sealed'),
    /** Which connection made the meeting and the Zoom account it lives in (for Disconnect's
     * impact, and for finding meetings that moved away from the host). */
    zoomVia: text('zoom_via', { enum: ['organization', 'personal'] }),
    zoomAccountId: text('zoom_account_id'),
    meetingProblem: text('meeting_problem'),
    /** The .ics SEQUENCE: raised whenever the invitees get changed details (RFC 5545 §3.8.7.4). */
    icsSequence: integer('ics_sequence').notNull().default(0),
    /** Repair (server/domain/booking-repair.ts): set when the host's Zoom came back or changed;
     * claimed with SKIP LOCKED and a lease; not before `repairAfter` (Zoom's limits). */
    repairNeeded: boolean('repair_needed').notNull().default(false),
    repairLeaseId: text('repair_lease_id'),
    repairLeaseUntil: timestamp('repair_lease_until', { withTimezone: true }),
    repairAfter: timestamp('repair_after', { withTimezone: true }),
    /** The lease of a repair that asked Zoom for a meeting and has not recorded it yet: if that
     * process died, the next repair looks for the meeting at Zoom before making another. */
    repairAttempt: text('repair_attempt'),
    createdAt: createdAt(),
  },
  (t) => [
    index('bookings_repair_due_idx').on(t.startsAt).where(sql`${t.repairNeeded}`),
    uniqueIndex('bookings_cancel_token_hash_key').on(t.cancelTokenHash),
    index('bookings_host_start_idx').on(t.hostAccountId, t.startsAt),
    index('bookings_event_type_idx').on(t.eventTypeId),
    index('bookings_org_zoom_account_idx').on(t.orgId, t.zoomAccountId),
    check('bookings_status_check', sql`${t.status} in ('confirmed', 'cancelled')`),
    check(
      'bookings_meeting_state_check',
      sql`${t.meetingState} in ('none', 'pending', 'created', 'failed')`,
    ),
    check('bookings_time_check', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);
