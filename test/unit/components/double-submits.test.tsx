import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { OrgDisconnect } from '@/components/disconnect-dialog';
import { InvitePeople } from '@/components/invite-people';
import { OrgConnectionCard } from '@/components/org-connection-card';
import { fakeService } from '../helpers/fake-service';
import { adminSession, orgZoom, pendingOrgZoom } from '../helpers/fixtures';
import { renderWithQuery } from '../helpers/render';

/**
 * Issue 9, "Double submits": a second click that lands before the first request answers (a
 * double click) sends nothing, and the control says it is busy until the answer arrives.
 */

/** Holds every change sent to `path` until `release()`; `sent()` counts them. */
function holdRequests(path: string) {
  const fetchMock = vi.mocked(fetch);
  const original = fetchMock.getMockImplementation();
  const waiting: (() => void)[] = [];
  let count = 0;
  fetchMock.mockImplementation(async (input, init) => {
    if (new URL(String(input)).pathname === path && (init?.method ?? 'GET') !== 'GET') {
      count += 1;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    return original?.(input, init) as Promise<Response>;
  });
  return {
    sent: () => count,
    release: () => {
      for (const go of waiting.splice(0)) go();
    },
  };
}

const LINKS = '/api/org/zoom/approval-links';

describe('double clicks', () => {
  it.each([
    { button: 'Connect Zoom for my organization', org: orgZoom() },
    { button: 'Generate a new link', org: pendingOrgZoom() },
  ])('"$button" asks for one link and is disabled until it answers', async ({ button, org }) => {
    fakeService({
      'GET /api/org/zoom': { body: org },
      [`POST ${LINKS}`]: { status: 201, body: pendingOrgZoom().pendingLink },
    });
    const held = holdRequests(LINKS);
    renderWithQuery(<OrgConnectionCard session={adminSession} />);
    const control = await screen.findByRole('button', { name: button });
    fireEvent.click(control);
    fireEvent.click(control);
    await waitFor(() => expect(held.sent()).toBe(1));
    expect((control as HTMLButtonElement).disabled).toBe(true);
    held.release();
    await waitFor(() => expect(screen.queryByText('Creating an approval link…')).toBeNull());
    expect(held.sent()).toBe(1);
  });

  it('"Create invitation link" sends one invitation', async () => {
    fakeService({
      'GET /api/org/invitations': { body: { invitations: [] } },
      'POST /api/org/invitations': {
        status: 201,
        body: {
          id: '7b0f3f36-51f3-4a45-9f7e-1f1d3c2b9a10',
          email: 'new@example.test',
          role: 'user',
          url: 'http://svc/invite/tok',
          createdAt: new Date().toISOString(),
          expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          invitedBy: { name: 'Ada Admin', email: 'ada@acme.test' },
        },
      },
    });
    const held = holdRequests('/api/org/invitations');
    renderWithQuery(<InvitePeople session={adminSession} />);
    await userEvent.click(screen.getByRole('button', { name: 'Invite someone' }));
    await userEvent.type(screen.getByLabelText('Email'), 'new@example.test');
    const button = screen.getByRole('button', { name: 'Create invitation link' });
    fireEvent.click(button);
    fireEvent.click(button);
    await waitFor(() => expect(held.sent()).toBe(1));
    expect((button as HTMLButtonElement).disabled).toBe(true);
    held.release();
    expect(await screen.findByDisplayValue('http://svc/invite/tok')).toBeTruthy();
    expect(held.sent()).toBe(1);
  });

  it('"Disconnect Zoom" disconnects once', async () => {
    fakeService({
      'GET /api/org/zoom/disconnect-impact': {
        body: {
          membersLosingZoom: 3,
          membersKeepingPersonal: 1,
          zoomEventTypes: 0,
          upcomingBookings: 0,
        },
      },
      'POST /api/org/zoom/disconnect': {
        body: orgZoom({ state: 'disconnected', stateReason: 'Disconnected by Ada Admin' }),
      },
    });
    const held = holdRequests('/api/org/zoom/disconnect');
    renderWithQuery(<OrgDisconnect session={adminSession} />);
    await userEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('3 members will lose Zoom:');
    const confirm = within(dialog).getByRole('button', { name: 'Disconnect Zoom' });
    fireEvent.click(confirm);
    fireEvent.click(confirm);
    await waitFor(() => expect(held.sent()).toBe(1));
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    held.release();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(held.sent()).toBe(1);
  });
});
