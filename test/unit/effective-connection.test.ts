import { describe, expect, it } from 'vitest';
import {
  effectiveConnection,
  orgConnectionStates,
  personalConnectionStates,
} from '../../lib/domain/effective-connection';

const combos = personalConnectionStates.flatMap((personal) =>
  orgConnectionStates.flatMap((org) =>
    [false, true].flatMap((allowMemberRemoval) =>
      [false, true].map((removedByMember) => ({
        personal,
        org,
        allowMemberRemoval,
        removedByMember,
        emailVerified: true,
      })),
    ),
  ),
);

describe('effectiveConnection over every combination', () => {
  it('covers all 60 combinations', () => {
    expect(combos).toHaveLength(3 * 5 * 2 * 2);
  });

  it.each(combos)('%o', (input) => {
    const result = effectiveConnection(input);
    const removed = input.allowMemberRemoval && input.removedByMember;
    if (input.personal === 'active') {
      // Personal always wins, whatever the org does.
      expect(result).toEqual({ status: 'connected', type: 'personal', personalBroken: false });
    } else if (removed) {
      expect(result).toMatchObject({
        status: 'not_connected',
        type: null,
        reason: 'removed_by_member',
      });
    } else if (input.org === 'active') {
      expect(result).toMatchObject({ status: 'connected', type: 'organization' });
    } else {
      expect(result).toMatchObject({
        status: 'not_connected',
        type: null,
        reason: `org_${input.org}`,
      });
    }
    expect(result.personalBroken).toBe(input.personal === 'needs_reconnect');
  });
});

describe('effectiveConnection for a member whose email is not verified', () => {
  it.each(combos)('%o', (verifiedInput) => {
    const input = { ...verifiedInput, emailVerified: false };
    const result = effectiveConnection(input);
    if (input.personal === 'active') {
      // Their own Zoom is theirs: they proved it to Zoom, so it works unverified.
      expect(result).toEqual({ status: 'connected', type: 'personal', personalBroken: false });
    } else {
      // Never the org's Zoom: it would create meetings as whoever owns the address.
      expect(result).toMatchObject({
        status: 'not_connected',
        type: null,
        reason: 'email_not_verified',
      });
    }
  });
});

describe('effectiveConnection, the cases users ask about', () => {
  it('keeps a personal connection when the org connects', () => {
    expect(
      effectiveConnection({
        personal: 'active',
        org: 'active',
        allowMemberRemoval: false,
        removedByMember: false,
        emailVerified: true,
      }).type,
    ).toBe('personal');
  });

  it('falls back to the org connection while a personal one needs reconnecting', () => {
    expect(
      effectiveConnection({
        personal: 'needs_reconnect',
        org: 'active',
        allowMemberRemoval: false,
        removedByMember: false,
        emailVerified: true,
      }),
    ).toEqual({ status: 'connected', type: 'organization', personalBroken: true });
  });

  it('ignores a removal once the org turns the setting off', () => {
    expect(
      effectiveConnection({
        personal: 'none',
        org: 'active',
        allowMemberRemoval: false,
        removedByMember: true,
        emailVerified: true,
      }).type,
    ).toBe('organization');
  });
});
