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
] as const;
export type NotConnectedReason = (typeof notConnectedReasons)[number];

export interface EffectiveConnectionInput {
  personal: PersonalConnectionState;
  org: OrgConnectionState;
  /** Org setting "Allow users to remove the org-level connection". */
  allowMemberRemoval: boolean;
  /** The member removed the org connection for themselves. */
  removedByMember: boolean;
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

export function effectiveConnection(input: EffectiveConnectionInput): EffectiveConnection {
  const personalBroken = input.personal === 'needs_reconnect';
  if (input.personal === 'active') return { status: 'connected', type: 'personal', personalBroken };
  // A removal only counts while the org allows it: turning the setting off puts everyone back.
  if (input.allowMemberRemoval && input.removedByMember) {
    return { status: 'not_connected', type: null, reason: 'removed_by_member', personalBroken };
  }
  if (input.org === 'active') return { status: 'connected', type: 'organization', personalBroken };
  return { status: 'not_connected', type: null, reason: orgReason[input.org], personalBroken };
}
