import { z } from 'zod/mini';
import {
  notConnectedReasons,
  orgConnectionStates,
  personalConnectionStates,
} from '../domain/effective-connection';
import { storableText } from './text';

/**
 * The org service's HTTP contract, shared by the service (which parses requests and builds
 * responses with these) and the extension (which parses responses with them).
 *
 * Written in zod/mini: the same schemas as classic zod, but as functions a bundler can drop when
 * unused, so the extension's pages and worker carry only the checks they call (classic zod was
 * most of background.js). Server code may compose them with classic or mini; messages come from
 * the locale the service sets (server/http/errors.ts).
 */

export const orgRole = z.enum(['owner', 'admin', 'user']);
export type OrgRole = z.infer<typeof orgRole>;

const email = z.email().check(z.maxLength(254), z.toLowerCase());
const isoDate = z.iso.datetime({ offset: true });
const person = z.object({ name: z.string(), email: z.string() });

// --- auth -------------------------------------------------------------------------------------

export const signInBody = z.strictObject({
  email,
  password: storableText().check(z.minLength(1), z.maxLength(200)),
});
export type SignInBody = z.input<typeof signInBody>;

/** A new address for the signed-in account, with its password again (PUT /api/me/email). */
export const changeEmailBody = z.strictObject({
  email,
  password: storableText().check(z.minLength(1), z.maxLength(200)),
});

/** A password being chosen (invitation, reset, change): the one rule for all three. */
export const newPassword = () =>
  storableText().check(z.minLength(10, 'Use at least 10 characters.'), z.maxLength(200));
export const NEW_PASSWORD_MIN_LENGTH = 10;

/** "Forgot password?": answered the same whether or not the address has an account. */
export const passwordResetRequestBody = z.strictObject({ email });
export type PasswordResetRequestBody = z.input<typeof passwordResetRequestBody>;

/** The signed-in account's new password, with the current one (PUT /api/me/password). */
export const changePasswordBody = z.strictObject({
  currentPassword: storableText().check(z.minLength(1), z.maxLength(200)),
  newPassword: newPassword(),
});
export type ChangePasswordBody = z.input<typeof changePasswordBody>;
/** How many other sessions the change ended. */
export const changePasswordResponse = z.object({ signedOut: z.number() });

export const account = z.object({ id: z.string(), email: z.string(), name: z.string() });
export type Account = z.infer<typeof account>;

export const membership = z.object({
  orgId: z.string(),
  orgName: z.string(),
  role: orgRole,
});
export type Membership = z.infer<typeof membership>;

export const signInResponse = z.object({
  token: z.string(),
  account,
  membership,
});
export type SignInResponse = z.infer<typeof signInResponse>;

// --- the member's own Zoom ---------------------------------------------------------------------

export const memberZoom = z.object({
  status: z.enum(['connected', 'not_connected']),
  type: z.nullable(z.enum(['organization', 'personal'])),
  reason: z.nullable(z.enum(notConnectedReasons)),
  /** The Zoom account that meetings would be created with (for org: the member's own email). */
  zoomEmail: z.nullable(z.string()),
  personal: z.enum(personalConnectionStates),
  /** The personal Zoom account's email, when one is connected (even if it needs reconnecting). */
  personalZoomEmail: z.nullable(z.string()),
  orgState: z.enum(orgConnectionStates),
  /** The org allows members to remove the org connection for themselves. */
  canRemoveOrgConnection: z.boolean(),
  /** This member removed the org connection for themselves (only counts while allowed). */
  removedOrgConnection: z.boolean(),
  /** Their address is verified; until it is, the org's Zoom is not theirs (reason
   * `email_not_verified`) and POST /api/me/email/verification sends another link. */
  emailVerified: z.boolean(),
});
export type MemberZoom = z.infer<typeof memberZoom>;

export const meResponse = z.object({ account, membership, zoom: memberZoom });
export type MeResponse = z.infer<typeof meResponse>;

// --- the org connection (admin console) --------------------------------------------------------

export const approvalLinkView = z.object({
  url: z.string(),
  expiresAt: isoDate,
  requestedAt: isoDate,
  requestedBy: person,
});
export type ApprovalLinkView = z.infer<typeof approvalLinkView>;

export const orgConnectionView = z.object({
  zoomEmail: z.string(),
  zoomAccountId: z.string(),
  zoomRole: z.string(),
  approvedAt: isoDate,
  requestedBy: z.nullable(person),
});
export type OrgConnectionView = z.infer<typeof orgConnectionView>;

export const orgZoomResponse = z.object({
  orgName: z.string(),
  state: z.enum(orgConnectionStates),
  stateReason: z.nullable(z.string()),
  connection: z.nullable(orgConnectionView),
  pendingLink: z.nullable(approvalLinkView),
  /** The newest link ran out unused (none pending, not connected since): the console and the
   * badge say so instead of starting over. */
  expiredLink: z.nullable(z.object({ expiresAt: isoDate })),
  settings: z.object({ allowMemberRemoval: z.boolean(), zoomDefaultLocation: z.boolean() }),
  /** The last health check of an active connection, and why it could not reach Zoom, if so. */
  lastCheckedAt: z.nullable(isoDate),
  lastCheckError: z.nullable(z.string()),
  /** Zoom refuses the service's own app (e.g. a rotated client secret); the tokens are kept. */
  zoomProblem: z.nullable(z.object({ message: z.string(), since: isoDate })),
});
export type OrgZoomResponse = z.infer<typeof orgZoomResponse>;

export const createApprovalLinkBody = z.optional(z.strictObject({}));

// --- the member table --------------------------------------------------------------------------

export const memberRow = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: orgRole,
  status: z.enum(['connected', 'not_connected']),
  type: z.nullable(z.enum(['organization', 'personal'])),
  reason: z.nullable(z.enum(notConnectedReasons)),
  /** Zoom said this member's email is not a user of the org's Zoom account (code 1001). */
  zoomUserMissing: z.boolean(),
});
export type MemberRow = z.infer<typeof memberRow>;

// --- a member's upcoming bookings, before removing them (PRODUCT.md §6) ---------------------

export const upcomingBookingView = z.object({
  id: z.string(),
  eventName: z.string(),
  startsAt: isoDate,
  endsAt: isoDate,
  inviteeName: z.string(),
  inviteeEmail: z.string(),
  /** A Zoom meeting exists for it, hosted by this member's Zoom user. */
  hasZoomMeeting: z.boolean(),
});
export type UpcomingBookingView = z.infer<typeof upcomingBookingView>;

/** The first few upcoming bookings (soonest first) and how many there are in all. */
export const memberBookingsResponse = z.object({
  total: z.int(),
  zoomMeetings: z.int(),
  bookings: z.array(upcomingBookingView),
});
export type MemberBookingsResponse = z.infer<typeof memberBookingsResponse>;

export const memberBookingsQuery = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 5),
});

/** What removing a member does to their upcoming bookings; required when they have some. */
export const upcomingBookingsChoice = z.enum(['cancel', 'keep']);
export type UpcomingBookingsChoice = z.infer<typeof upcomingBookingsChoice>;
export const removeMemberQuery = z.strictObject({
  upcomingBookings: z.optional(upcomingBookingsChoice),
});

export const memberSort = z.enum(['name', 'email', 'status', 'type']);
export type MemberSort = z.infer<typeof memberSort>;

/** The member table's filter: shared by the page query, the summary and the CSV export. */
export const membersFilter = z.strictObject({
  q: z.optional(storableText().check(z.trim(), z.maxLength(100))),
  status: z.optional(z.enum(['connected', 'not_connected'])),
  type: z.optional(z.enum(['organization', 'personal'])),
  sort: z._default(memberSort, 'name'),
  dir: z._default(z.enum(['asc', 'desc']), 'asc'),
});
export type MembersFilter = z.input<typeof membersFilter>;

export const membersQuery = z.extend(membersFilter, {
  cursor: z.optional(storableText().check(z.maxLength(500))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
});

export const membersResponse = z.object({
  members: z.array(memberRow),
  nextCursor: z.nullable(z.string()),
  total: z.int(),
});
export type MembersResponse = z.infer<typeof membersResponse>;

export const membersSummary = z.object({
  members: z.int(),
  organization: z.int(),
  personal: z.int(),
  notConnected: z.int(),
});
export type MembersSummary = z.infer<typeof membersSummary>;

/** Owners only. The last owner can be neither demoted nor removed (409 `last_owner`). */
export const updateMemberBody = z.strictObject({ role: orgRole });

// --- the member's own choices ------------------------------------------------------------------

/** Remove the org connection for myself (only while the org allows it, else 403). */
export const orgConnectionChoiceBody = z.strictObject({ removed: z.boolean() });

/** Either setting or both; "Make Zoom the default location for new event types" is the second. */
export const orgSettingsBody = z
  .strictObject({
    allowMemberRemoval: z.optional(z.boolean()),
    zoomDefaultLocation: z.optional(z.boolean()),
  })
  .check(
    z.refine(
      (body) => body.allowMemberRemoval !== undefined || body.zoomDefaultLocation !== undefined,
      'Send allowMemberRemoval, zoomDefaultLocation or both.',
    ),
  );
export type OrgSettingsBody = z.infer<typeof orgSettingsBody>;

// --- invitations and sign-up --------------------------------------------------------------------

export const createInvitationBody = z.strictObject({ email, role: orgRole });

export const invitationView = z.object({
  id: z.string(),
  email: z.string(),
  role: orgRole,
  /** The invitation link: only in the response that creates it (the token is stored hashed). */
  url: z.nullable(z.string()),
  createdAt: isoDate,
  expiresAt: isoDate,
  invitedBy: person,
});
export type InvitationView = z.infer<typeof invitationView>;

export const invitationsResponse = z.object({ invitations: z.array(invitationView) });

export const invitationInfo = z.object({
  orgName: z.string(),
  email: z.string(),
  role: orgRole,
  invitedBy: person,
  expiresAt: isoDate,
});
export type InvitationInfo = z.infer<typeof invitationInfo>;

export const acceptInvitationBody = z.strictObject({
  name: storableText().check(z.trim(), z.minLength(1), z.maxLength(100)),
  password: newPassword(),
});

// --- approval links and OAuth flows --------------------------------------------------------------

export const approvalInfo = z.object({
  orgName: z.string(),
  requestedBy: person,
  expiresAt: isoDate,
});
export type ApprovalInfo = z.infer<typeof approvalInfo>;

/** `redirectUri` is where the service sends the browser after Zoom: a chromiumapp.org URL. */
export const extensionFlowBody = z.strictObject({
  client: z.literal('extension'),
  redirectUri: z.url({ protocol: /^https$/ }),
});
export const startFlowBody = z.discriminatedUnion('client', [
  extensionFlowBody,
  z.strictObject({ client: z.literal('web') }),
]);
export type StartFlowBody = z.infer<typeof startFlowBody>;

export const startFlowResponse = z.object({ authorizeUrl: z.string(), state: z.string() });
export type StartFlowResponse = z.infer<typeof startFlowResponse>;

export const flowOutcome = z.enum([
  'pending',
  'connected',
  'not_admin',
  'denied',
  'expired',
  'link_invalid',
  'error',
]);
export type FlowOutcome = z.infer<typeof flowOutcome>;

export const flowResult = z.object({
  outcome: flowOutcome,
  kind: z.enum(['org', 'personal']),
  orgName: z.string(),
  zoomEmail: z.nullable(z.string()),
  zoomRole: z.nullable(z.string()),
  message: z.nullable(z.string()),
});
export type FlowResult = z.infer<typeof flowResult>;

// --- the org connection's lifecycle (issue #4) ---------------------------------------------------

export const auditEntry = z.object({
  id: z.int(),
  action: z.string(),
  actor: z.string(),
  detail: z.nullable(z.record(z.string(), z.unknown())),
  at: isoDate,
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditQuery = z.strictObject({
  before: z.optional(z.coerce.number().check(z.int(), z.positive())),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
});

export const auditResponse = z.object({
  entries: z.array(auditEntry),
  /** Pass as `before` for the next (older) page. */
  nextBefore: z.nullable(z.int()),
});
export type AuditResponse = z.infer<typeof auditResponse>;

/** What Disconnect would do, shown before the admin confirms. */
export const disconnectImpact = z.object({
  /** Members whose active Zoom is the org connection: they lose Zoom. */
  membersLosingZoom: z.int(),
  /** Members on a personal connection: they keep it. */
  membersKeepingPersonal: z.int(),
  /** Zoom event types of the members losing Zoom: new bookings will wait for Zoom details. */
  zoomEventTypes: z.int(),
  /** Upcoming bookings whose meetings live in the org's Zoom account. */
  upcomingBookings: z.int(),
});
export type DisconnectImpact = z.infer<typeof disconnectImpact>;

/**
 * Upcoming bookings getting a new Zoom meeting after the org's or a host's Zoom changed
 * (server/domain/booking-repair.ts), as the console shows it while it runs.
 */
export const repairProgress = z.object({
  /** Upcoming bookings still to be given a working meeting. */
  pending: z.int(),
  /** Of those, put off by Zoom's daily limit until `resumesAt`. */
  deferred: z.int(),
  resumesAt: z.nullable(z.string()),
  /** Upcoming bookings whose host has no working Zoom: the invitee was told details follow. */
  waitingForZoom: z.int(),
});
export type RepairProgress = z.infer<typeof repairProgress>;

export const healthCheckResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('healthy') }),
  z.object({ outcome: z.literal('needs_reconnect'), reason: z.string() }),
  z.object({ outcome: z.literal('unreachable'), message: z.string() }),
  z.object({ outcome: z.literal('zoom_problem'), message: z.string() }),
]);
export type HealthCheckResult = z.infer<typeof healthCheckResult>;

/** `POST /api/org/zoom/check` ("Check now"): the console view after the check, and its result. */
export const checkNowResponse = z.extend(orgZoomResponse, { check: healthCheckResult });
export type CheckNowResponse = z.infer<typeof checkNowResponse>;

// --- meetings (PRODUCT.md §6) --------------------------------------------------------------------

/** "New Zoom meeting" from the popup: created through the member's active connection. */
export const createMeetingBody = z.strictObject({
  topic: storableText().check(
    z.trim(),
    z.minLength(1, 'Give the meeting a topic.'),
    z.maxLength(200),
  ),
  /** ISO date-time with an offset or Z (the popup sends the local time converted to UTC). */
  startTime: z.iso.datetime({ offset: true }),
  durationMinutes: z.int().check(z.minimum(1), z.maximum(24 * 60)),
  /** IANA time zone, for how Zoom shows the time in its invitation. */
  timezone: z.optional(storableText().check(z.minLength(1), z.maxLength(64))),
});
export type CreateMeetingBody = z.infer<typeof createMeetingBody>;

export const meetingView = z.object({
  id: z.number(),
  topic: z.string(),
  startTime: z.string(),
  durationMinutes: z.number(),
  joinUrl: z.string(),
  passcode: z.nullable(z.string()),
  /** Zoom's own invitation text, ready to paste. */
  invitation: z.string(),
  /** Which connection created it; `fellBack` when a broken personal one made us use the org's. */
  via: z.enum(['organization', 'personal']),
  fellBack: z.boolean(),
  hostEmail: z.nullable(z.string()),
});
export type MeetingView = z.infer<typeof meetingView>;
