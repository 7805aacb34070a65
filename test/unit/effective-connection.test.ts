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

describe('effectiveConnection, the cases users ask about', () => {
  it('keeps a personal connection when the org connects', () => {
    expect(
      effectiveConnection({
        personal: 'active',
        org: 'active',
        allowMemberRemoval: false,
        removedByMember: false,
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
      }).type,
    ).toBe('organization');
  });
});
