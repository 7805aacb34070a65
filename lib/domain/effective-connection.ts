/**
 * The two rules: the org connection's state (PRODUCT.md §4), and "which Zoom does this member
 * use" (§3, §5). The API, the member table, the CSV, meetings, the console, the popup and the
 * badge all take their results; nothing else decides either.
 */
export const orgConnectionStates = [
  'not_connected',
  'pending_approval',
  'active',
  'needs_reconnect',
  'disconnected',
] as const;
export type OrgConnectionState = (typeof orgConnectionStates)[number];

export const personalConnectionStates = ['none', 'active', 'needs_reconnect'] as const;
export type PersonalConnectionState = (typeof personalConnectionStates)[number];

export type ConnectionType = 'organization' | 'personal';

/**
 * The org connection's state as everyone sees it, from what is stored and whether an approval
 * link can still be redeemed (PRODUCT.md §4). The stored state keeps the connection's history:
 * asking for a link after a break does not overwrite `needs_reconnect` or `disconnected` (nor
 * their reason), so an expired or revoked link leaves the org where it was.
 */
export interface OrgConnectionFacts {
  /** The stored lifecycle state; null when the org never asked. */
  stored: OrgConnectionState | null;
  /** An approval link exists that is not revoked, used or expired. */
  liveLink: boolean;
}

/** One case of the org rule: it applies when every condition in `when` holds (absent = any). */
export interface OrgStateCase {
  when: { stored?: readonly (OrgConnectionState | null)[]; liveLink?: boolean };
  state: OrgConnectionState;
}

/**
 * The org rule as data, tried in order; the last case has no conditions. `orgConnectionState`
 * below and the SQL in server/domain/org-state-sql.ts are both generated from this list.
 */
export const orgStateCases: readonly OrgStateCase[] = [
  { when: { stored: ['active'] }, state: 'active' },
  // Broken stays broken, with its reason, until a Zoom admin approves again: a pending
  // reconnect link is shown beside it, and its expiry or revocation changes nothing.
  { when: { stored: ['needs_reconnect'] }, state: 'needs_reconnect' },
  { when: { liveLink: true }, state: 'pending_approval' },
  { when: { stored: ['disconnected'] }, state: 'disconnected' },
  // Never asked, or asked and the link expired or was revoked: nothing to approve.
  { when: {}, state: 'not_connected' },
];

export function orgCaseMatches(c: OrgStateCase, facts: OrgConnectionFacts): boolean {
  return (
    (c.when.stored === undefined || c.when.stored.includes(facts.stored)) &&
    (c.when.liveLink === undefined || c.when.liveLink === facts.liveLink)
  );
}

export function orgConnectionState(facts: OrgConnectionFacts): OrgConnectionState {
  return (orgStateCases.find((c) => orgCaseMatches(c, facts)) ?? { state: 'not_connected' }).state;
}

export const notConnectedReasons = [
  'org_not_connected',
  'org_pending_approval',
  'org_needs_reconnect',
  'org_disconnected',
  'removed_by_member',
  'not_in_zoom_account',
  'email_not_verified',
] as const;
export type NotConnectedReason = (typeof notConnectedReasons)[number];

export interface EffectiveConnectionInput {
  personal: PersonalConnectionState;
  org: OrgConnectionState;
  /** Org setting "Allow users to remove the org-level connection". */
  allowMemberRemoval: boolean;
  /** The member removed the org connection for themselves. */
  removedByMember: boolean;
  /**
   * Zoom answered 1001 for this member's email on the org connection: the member is not a user
   * of the org's Zoom account, so a meeting through it fails until a Zoom admin adds them.
   */
  zoomUserMissing: boolean;
  /** The member proved they receive mail at their address (a link sent to it). Until then the
   * org's Zoom, which creates meetings as that address, is not theirs to use. */
  emailVerified: boolean;
}

export type EffectiveConnection =
  | { status: 'connected'; type: ConnectionType; personalBroken: boolean }
  | { status: 'not_connected'; type: null; reason: NotConnectedReason; personalBroken: boolean };

const orgReason: Record<Exclude<OrgConnectionState, 'active'>, NotConnectedReason> = {
  not_connected: 'org_not_connected',
  pending_approval: 'org_pending_approval',
  needs_reconnect: 'org_needs_reconnect',
  disconnected: 'org_disconnected',
};

/** The per-member inputs; the org's state and setting are the same for every member of an org. */
export type MemberConnectionInputs = Pick<
  EffectiveConnectionInput,
  'personal' | 'removedByMember' | 'zoomUserMissing' | 'emailVerified'
>;

export type ConnectionOutcome =
  | { status: 'connected'; type: ConnectionType }
  | { status: 'not_connected'; reason: NotConnectedReason };

/**
 * One case of the rule: it applies when every condition given in `when` holds (an absent
 * condition matches anything). Cases are tried in order; the last one has no conditions.
 */
export interface ConnectionCase {
  when: {
    personal?: readonly PersonalConnectionState[];
    removedByMember?: boolean;
    zoomUserMissing?: boolean;
    emailVerified?: boolean;
  };
  outcome: ConnectionOutcome;
}

/**
 * The rule as data, for one org: an ordered list of cases over the per-member inputs. Both
 * `effectiveConnection` below and the member table's SQL (server/domain/member-connection-sql.ts)
 * are generated from this list, so precedence is written exactly once.
 */
export function connectionCases(
  org: OrgConnectionState,
  allowMemberRemoval: boolean,
): ConnectionCase[] {
  return [
    // Personal always wins, whatever the org does.
    { when: { personal: ['active'] }, outcome: { status: 'connected', type: 'personal' } },
    // The org's Zoom acts as the member's address: only once that address is proven theirs.
    {
      when: { emailVerified: false },
      outcome: { status: 'not_connected', reason: 'email_not_verified' },
    },
    // A removal only counts while the org allows it: turning the setting off puts everyone back.
    ...(allowMemberRemoval
      ? [
          {
            when: { removedByMember: true },
            outcome: { status: 'not_connected', reason: 'removed_by_member' },
          } satisfies ConnectionCase,
        ]
      : []),
    ...(org === 'active'
      ? [
          // Zoom said this email is not a user of the org's account: a meeting would fail.
          {
            when: { zoomUserMissing: true },
            outcome: { status: 'not_connected', reason: 'not_in_zoom_account' },
          } satisfies ConnectionCase,
          {
            when: {},
            outcome: { status: 'connected', type: 'organization' },
          } satisfies ConnectionCase,
        ]
      : [
          {
            when: {},
            outcome: { status: 'not_connected', reason: orgReason[org] },
          } satisfies ConnectionCase,
        ]),
  ];
}

export function caseMatches(c: ConnectionCase, member: MemberConnectionInputs): boolean {
  const { personal, removedByMember, zoomUserMissing, emailVerified } = c.when;
  return (
    (personal === undefined || personal.includes(member.personal)) &&
    (removedByMember === undefined || removedByMember === member.removedByMember) &&
    (zoomUserMissing === undefined || zoomUserMissing === member.zoomUserMissing) &&
    (emailVerified === undefined || emailVerified === member.emailVerified)
  );
}

export function effectiveConnection(input: EffectiveConnectionInput): EffectiveConnection {
  const personalBroken = input.personal === 'needs_reconnect';
  const cases = connectionCases(input.org, input.allowMemberRemoval);
  // The last case has no conditions, so a match always exists.
  const outcome = (cases.find((c) => caseMatches(c, input)) ?? (cases.at(-1) as ConnectionCase))
    .outcome;
  return outcome.status === 'connected'
    ? { status: 'connected', type: outcome.type, personalBroken }
    : { status: 'not_connected', type: null, reason: outcome.reason, personalBroken };
}
