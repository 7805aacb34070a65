import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MyZoomStatus } from '@/components/my-zoom-status';
import { ReconnectBanner } from '@/components/reconnect-banner';
import type { MemberZoom } from '@/lib/contracts/api';
import { activeOrgZoom, adminSession, meFor, memberSession } from '../helpers/fixtures';
import { renderWithQuery } from '../helpers/render';

/** Issue 9, "Wording that doesn't fit the reader": each reader is told what they can do. */

const notConnected = (reason: MemberZoom['reason']) => meFor(memberSession, { reason }).zoom;

describe('why there is no Zoom, by who reads it', () => {
  it.each(['org_not_connected', 'org_needs_reconnect', 'org_disconnected'] as const)(
    'does not send an owner to "an owner or admin" (%s)',
    (reason) => {
      render(<MyZoomStatus zoom={notConnected(reason)} orgRole="owner" />);
      expect(screen.queryByText(/an owner or admin/i)).toBeNull();
      expect(screen.getByText(/Integrations & apps → Zoom/)).toBeTruthy();
    },
  );

  it('still sends a member to an owner or admin', () => {
    render(<MyZoomStatus zoom={notConnected('org_not_connected')} orgRole="user" />);
    expect(screen.getByText(/Ask an owner or admin/)).toBeTruthy();
  });
});

describe('the reconnect banner', () => {
  it('does not ask for a different Zoom admin when the approver is still one', () => {
    const org = {
      ...activeOrgZoom(),
      state: 'needs_reconnect' as const,
      stateReason:
        'Zoom no longer accepts this connection: its approval was revoked or the app was removed in Zoom. A Zoom account Owner or Admin needs to approve a new link (Zoom: invalid_grant).',
    };
    renderWithQuery(
      <ReconnectBanner
        session={adminSession}
        org={org}
        onReconnect={() => {}}
        reconnecting={false}
      />,
    );
    expect(screen.queryByText(/different/i)).toBeNull();
    expect(screen.getByRole('button', { name: 'Reconnect Zoom for my organization' })).toBeTruthy();
  });
});
