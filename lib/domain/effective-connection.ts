/**
 * The one rule for "which Zoom does this member use" (PRODUCT.md §3, §5). The API, the member
 * table and the UI all take its result; nothing else decides precedence.
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

export const notConnectedReasons = [
  'org_not_connected',
  'org_pending_approval',
  'org_needs_reconnect',
  'org_disconnected',
  'removed_by_member',
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
  'personal' | 'removedByMember' | 'emailVerified'
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
    {
      when: {},
      outcome:
        org === 'active'
          ? { status: 'connected', type: 'organization' }
          : { status: 'not_connected', reason: orgReason[org] },
    },
  ];
}

export function caseMatches(c: ConnectionCase, member: MemberConnectionInputs): boolean {
  const { personal, removedByMember, emailVerified } = c.when;
  return (
    (personal === undefined || personal.includes(member.personal)) &&
    (removedByMember === undefined || removedByMember === member.removedByMember) &&
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
