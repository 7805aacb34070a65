import { z } from 'zod';
import {
  notConnectedReasons,
  orgConnectionStates,
  personalConnectionStates,
} from '../domain/effective-connection';
import { storableText } from './text';

/**
 * The org service's HTTP contract, shared by the service (which parses requests and builds
 * responses with these) and the extension (which parses responses with them).
 */

export const orgRole = z.enum(['owner', 'admin', 'user']);
export type OrgRole = z.infer<typeof orgRole>;

const email = z
  .email()
  .max(254)
  .transform((v) => v.toLowerCase());
const isoDate = z.iso.datetime({ offset: true });
const person = z.object({ name: z.string(), email: z.string() });

// --- auth -------------------------------------------------------------------------------------

export const signInBody = z.strictObject({
  email,
  password: storableText().min(1).max(200),
});
export type SignInBody = z.input<typeof signInBody>;

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
  type: z.enum(['organization', 'personal']).nullable(),
  reason: z.enum(notConnectedReasons).nullable(),
  /** The Zoom account that meetings would be created with (for org: the member's own email). */
  zoomEmail: z.string().nullable(),
  personal: z.enum(personalConnectionStates),
  /** The personal Zoom account's email, when one is connected (even if it needs reconnecting). */
  personalZoomEmail: z.string().nullable(),
  orgState: z.enum(orgConnectionStates),
  /** The org allows members to remove the org connection for themselves. */
  canRemoveOrgConnection: z.boolean(),
  /** This member removed the org connection for themselves (only counts while allowed). */
  removedOrgConnection: z.boolean(),
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
  requestedBy: person.nullable(),
});
export type OrgConnectionView = z.infer<typeof orgConnectionView>;

export const orgZoomResponse = z.object({
  orgName: z.string(),
  state: z.enum(orgConnectionStates),
  stateReason: z.string().nullable(),
  connection: orgConnectionView.nullable(),
  pendingLink: approvalLinkView.nullable(),
  settings: z.object({ allowMemberRemoval: z.boolean() }),
  /** The last health check of an active connection, and why it could not reach Zoom, if so. */
  lastCheckedAt: isoDate.nullable(),
  lastCheckError: z.string().nullable(),
  /** Zoom refuses the service's own app (e.g. a rotated client secret); the tokens are kept. */
  zoomProblem: z.object({ message: z.string(), since: isoDate }).nullable(),
});
export type OrgZoomResponse = z.infer<typeof orgZoomResponse>;

export const createApprovalLinkBody = z.strictObject({}).optional();

// --- the member table --------------------------------------------------------------------------

export const memberRow = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: orgRole,
  status: z.enum(['connected', 'not_connected']),
  type: z.enum(['organization', 'personal']).nullable(),
  reason: z.enum(notConnectedReasons).nullable(),
  /** Zoom said this member's email is not a user of the org's Zoom account (code 1001). */
  zoomUserMissing: z.boolean(),
});
export type MemberRow = z.infer<typeof memberRow>;

export const memberSort = z.enum(['name', 'email', 'status', 'type']);
export type MemberSort = z.infer<typeof memberSort>;

/** The member table's filter: shared by the page query, the summary and the CSV export. */
export const membersFilter = z.strictObject({
  q: storableText().trim().max(100).optional(),
  status: z.enum(['connected', 'not_connected']).optional(),
  type: z.enum(['organization', 'personal']).optional(),
  sort: memberSort.default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type MembersFilter = z.input<typeof membersFilter>;

export const membersQuery = membersFilter.extend({
  cursor: storableText().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const membersResponse = z.object({
  members: z.array(memberRow),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});
export type MembersResponse = z.infer<typeof membersResponse>;

export const membersSummary = z.object({
  members: z.number().int(),
  organization: z.number().int(),
  personal: z.number().int(),
  notConnected: z.number().int(),
});
export type MembersSummary = z.infer<typeof membersSummary>;

/** Owners only. The last owner can be neither demoted nor removed (409 `last_owner`). */
export const updateMemberBody = z.strictObject({ role: orgRole });

// --- the member's own choices ------------------------------------------------------------------

/** Remove the org connection for myself (only while the org allows it, else 403). */
export const orgConnectionChoiceBody = z.strictObject({ removed: z.boolean() });

export const orgSettingsBody = z.strictObject({ allowMemberRemoval: z.boolean() });

// --- invitations and sign-up --------------------------------------------------------------------

export const createInvitationBody = z.strictObject({ email, role: orgRole });

export const invitationView = z.object({
  id: z.string(),
  email: z.string(),
  role: orgRole,
  /** The invitation link: only in the response that creates it (the token is stored hashed). */
  url: z.string().nullable(),
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
  name: storableText().trim().min(1).max(100),
  password: storableText().min(10, 'Use at least 10 characters.').max(200),
});

// --- approval links and OAuth flows --------------------------------------------------------------

export const approvalInfo = z.object({
  orgName: z.string(),
  requestedBy: person,
  expiresAt: isoDate,
});
export type ApprovalInfo = z.infer<typeof approvalInfo>;

/** `redirectUri` is where the service sends the browser after Zoom: a chromiumapp.org URL. */
export const startFlowBody = z.discriminatedUnion('client', [
  z.strictObject({ client: z.literal('extension'), redirectUri: z.url({ protocol: /^https$/ }) }),
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
  zoomEmail: z.string().nullable(),
  zoomRole: z.string().nullable(),
  message: z.string().nullable(),
});
export type FlowResult = z.infer<typeof flowResult>;

// --- the org connection's lifecycle (issue #4) ---------------------------------------------------

export const auditEntry = z.object({
  id: z.number().int(),
  action: z.string(),
  actor: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  at: isoDate,
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditQuery = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const auditResponse = z.object({
  entries: z.array(auditEntry),
  /** Pass as `before` for the next (older) page. */
  nextBefore: z.number().int().nullable(),
});
export type AuditResponse = z.infer<typeof auditResponse>;

/** What Disconnect would do, shown before the admin confirms. */
export const disconnectImpact = z.object({
  /** Members whose active Zoom is the org connection: they lose Zoom. */
  membersLosingZoom: z.number().int(),
  /** Members on a personal connection: they keep it. */
  membersKeepingPersonal: z.number().int(),
});
export type DisconnectImpact = z.infer<typeof disconnectImpact>;

export const healthCheckResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('healthy') }),
  z.object({ outcome: z.literal('needs_reconnect'), reason: z.string() }),
  z.object({ outcome: z.literal('unreachable'), message: z.string() }),
  z.object({ outcome: z.literal('zoom_problem'), message: z.string() }),
]);
export type HealthCheckResult = z.infer<typeof healthCheckResult>;

/** `POST /api/org/zoom/check` ("Check now"): the console view after the check, and its result. */
export const checkNowResponse = orgZoomResponse.extend({ check: healthCheckResult });
export type CheckNowResponse = z.infer<typeof checkNowResponse>;

// --- meetings (PRODUCT.md §6) --------------------------------------------------------------------

/** "New Zoom meeting" from the popup: created through the member's active connection. */
export const createMeetingBody = z.strictObject({
  topic: storableText().trim().min(1, 'Give the meeting a topic.').max(200),
  /** ISO date-time with an offset or Z (the popup sends the local time converted to UTC). */
  startTime: z.iso.datetime({ offset: true }),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** IANA time zone, for how Zoom shows the time in its invitation. */
  timezone: storableText().min(1).max(64).optional(),
});
export type CreateMeetingBody = z.infer<typeof createMeetingBody>;

export const meetingView = z.object({
  id: z.number(),
  topic: z.string(),
  startTime: z.string(),
  durationMinutes: z.number(),
  joinUrl: z.string(),
  passcode: z.string().nullable(),
  /** Zoom's own invitation text, ready to paste. */
  invitation: z.string(),
  /** Which connection created it; `fellBack` when a broken personal one made us use the org's. */
  via: z.enum(['organization', 'personal']),
  fellBack: z.boolean(),
  hostEmail: z.string().nullable(),
});
export type MeetingView = z.infer<typeof meetingView>;
