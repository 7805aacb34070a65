import { describe, expect, it } from 'vitest';
import {
  effectiveConnection,
  orgConnectionState,
  orgConnectionStates,
  personalConnectionStates,
} from '../../lib/domain/effective-connection';

const combos = personalConnectionStates.flatMap((personal) =>
  orgConnectionStates.flatMap((org) =>
    [false, true].flatMap((allowMemberRemoval) =>
      [false, true].flatMap((removedByMember) =>
        [false, true].flatMap((zoomUserMissing) =>
          [false, true].map((emailVerified) => ({
            personal,
            org,
            allowMemberRemoval,
            removedByMember,
            zoomUserMissing,
            emailVerified,
          })),
        ),
      ),
    ),
  ),
);

describe('effectiveConnection over every combination', () => {
  it('covers all 240 combinations', () => {
    expect(combos).toHaveLength(3 * 5 * 2 * 2 * 2 * 2);
  });

  it.each(combos)('%o', (input) => {
    const result = effectiveConnection(input);
    const removed = input.allowMemberRemoval && input.removedByMember;
    if (input.personal === 'active') {
      // Personal always wins, whatever the org does.
      expect(result).toEqual({ status: 'connected', type: 'personal', personalBroken: false });
    } else if (!input.emailVerified) {
      // Never the org's Zoom (nor a fallback to it from a broken personal one): it would
      // create meetings as whoever owns the address.
      expect(result).toMatchObject({
        status: 'not_connected',
        type: null,
        reason: 'email_not_verified',
      });
    } else if (removed) {
      expect(result).toMatchObject({
        status: 'not_connected',
        type: null,
        reason: 'removed_by_member',
      });
    } else if (input.org === 'active' && input.zoomUserMissing) {
      // Zoom said 1001 for this member: a meeting on the org connection would fail.
      expect(result).toMatchObject({
        status: 'not_connected',
        type: null,
        reason: 'not_in_zoom_account',
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
  const unverified = {
    org: 'active',
    allowMemberRemoval: false,
    removedByMember: false,
    zoomUserMissing: false,
    emailVerified: false,
  } as const;

  it('keeps their own Zoom: they proved it to Zoom, so it works unverified', () => {
    expect(effectiveConnection({ ...unverified, personal: 'active' })).toEqual({
      status: 'connected',
      type: 'personal',
      personalBroken: false,
    });
  });

  it('does not fall back to the org connection from a broken personal one', () => {
    expect(effectiveConnection({ ...unverified, personal: 'needs_reconnect' })).toEqual({
      status: 'not_connected',
      type: null,
      reason: 'email_not_verified',
      personalBroken: true,
    });
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
        zoomUserMissing: false,
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
        zoomUserMissing: false,
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
        zoomUserMissing: false,
        emailVerified: true,
      }).type,
    ).toBe('organization');
  });
});

describe('effectiveConnection for a member Zoom does not know (1001)', () => {
  const base = {
    org: 'active',
    allowMemberRemoval: false,
    removedByMember: false,
    zoomUserMissing: true,
    emailVerified: true,
  } as const;

  it('is not connected on the org connection, with the reason', () => {
    expect(effectiveConnection({ ...base, personal: 'none' })).toEqual({
      status: 'not_connected',
      type: null,
      reason: 'not_in_zoom_account',
      personalBroken: false,
    });
  });

  it('stays connected through a working personal Zoom (1001 was about the org account)', () => {
    expect(effectiveConnection({ ...base, personal: 'active' })).toMatchObject({
      status: 'connected',
      type: 'personal',
    });
  });

  it("reports the org's own problem first when the org is not connected", () => {
    expect(
      effectiveConnection({ ...base, personal: 'none', org: 'needs_reconnect' }),
    ).toMatchObject({ reason: 'org_needs_reconnect' });
  });
});

describe('orgConnectionState: one derivation of the org state, with its history', () => {
  const stored = [null, ...orgConnectionStates] as const;
  const facts = stored.flatMap((s) => [false, true].map((liveLink) => ({ stored: s, liveLink })));

  it.each(facts)('%o', (f) => {
    const expected =
      f.stored === 'active'
        ? 'active'
        : f.stored === 'needs_reconnect'
          ? 'needs_reconnect'
          : f.liveLink
            ? 'pending_approval'
            : f.stored === 'disconnected'
              ? 'disconnected'
              : 'not_connected';
    expect(orgConnectionState(f)).toBe(expected);
  });

  it('keeps a break visible while a reconnect link is pending, and after it expires', () => {
    expect(orgConnectionState({ stored: 'needs_reconnect', liveLink: true })).toBe(
      'needs_reconnect',
    );
    expect(orgConnectionState({ stored: 'needs_reconnect', liveLink: false })).toBe(
      'needs_reconnect',
    );
  });

  it('is not pending once the only link expired or was revoked', () => {
    expect(orgConnectionState({ stored: 'pending_approval', liveLink: false })).toBe(
      'not_connected',
    );
  });
});
