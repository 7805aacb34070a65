import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MyZoomStatus } from '@/components/my-zoom-status';
import { notConnectedText } from '@/components/words';
import { notConnectedReasons } from '@/lib/domain/effective-connection';
import { adminSession, meFor } from '../helpers/fixtures';

const zoom = (overrides: Parameters<typeof meFor>[1]) => meFor(adminSession, overrides).zoom;

describe('Your Zoom setup', () => {
  it('shows an organization connection with the Zoom email', () => {
    render(
      <MyZoomStatus
        orgRole="user"
        zoom={zoom({
          status: 'connected',
          type: 'organization',
          reason: null,
          zoomEmail: 'ada@acme.test',
        })}
      />,
    );
    expect(screen.getByText('Zoom — Organization')).toBeTruthy();
    expect(screen.getByText('ada@acme.test')).toBeTruthy();
    expect(screen.getByText('Connected')).toBeTruthy();
  });

  it('shows only the personal connection when the member has one', () => {
    render(
      <MyZoomStatus
        orgRole="user"
        zoom={zoom({
          status: 'connected',
          type: 'personal',
          reason: null,
          zoomEmail: 'ada@gmail.test',
        })}
      />,
    );
    expect(screen.getByText('Zoom — Personal')).toBeTruthy();
    expect(screen.queryByText('Zoom — Organization')).toBeNull();
  });

  it('warns when a broken personal connection falls back to the organization', () => {
    render(
      <MyZoomStatus
        orgRole="user"
        zoom={zoom({
          status: 'connected',
          type: 'organization',
          reason: null,
          personal: 'needs_reconnect',
        })}
      />,
    );
    expect(screen.getByText(/personal Zoom needs to be reconnected/)).toBeTruthy();
  });

  it.each(notConnectedReasons)('explains "%s" and what to do', (reason) => {
    render(<MyZoomStatus orgRole="user" zoom={zoom({ reason })} />);
    expect(screen.getByText('Not connected')).toBeTruthy();
    expect(screen.getByText(notConnectedText[reason].reason)).toBeTruthy();
    expect(screen.getByText(notConnectedText[reason].action)).toBeTruthy();
  });

  it('gives every reason its own text', () => {
    const texts = notConnectedReasons.map((reason) => notConnectedText[reason].reason);
    expect(new Set(texts).size).toBe(notConnectedReasons.length);
  });
});
