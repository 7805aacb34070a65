import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { OrgDisconnect } from '@/components/disconnect-dialog';
import { memberKeys } from '@/lib/extension/pages/member-queries';
import { queryKeys } from '@/lib/extension/pages/queries';
import { apiError, fakeService } from '../helpers/fake-service';
import { adminSession, orgZoom } from '../helpers/fixtures';
import { renderWithQuery } from '../helpers/render';

const impact = {
  body: { membersLosingZoom: 3, membersKeepingPersonal: 1, zoomEventTypes: 0, upcomingBookings: 0 },
};

function renderDisconnect() {
  return renderWithQuery(<OrgDisconnect session={adminSession} />);
}

async function openDialog() {
  await userEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
  return screen.getByRole('dialog', { name: 'Disconnect Zoom for your organization?' });
}

describe('Disconnect dialog', () => {
  it('shows who loses Zoom and who keeps a personal connection before confirming', async () => {
    fakeService({ 'GET /api/org/zoom/disconnect-impact': impact });
    renderDisconnect();
    const dialog = await openDialog();
    const confirm = within(dialog).getByRole('button', { name: 'Disconnect Zoom' });
    expect(await within(dialog).findByText('3 members will lose Zoom:')).toBeTruthy();
    expect(dialog.textContent).toContain(
      "3 members will lose Zoom: they use the organization's connection.",
    );
    expect(dialog.textContent).toContain('1 member keeps their personal Zoom connection.');
    expect(
      within(dialog).getByText('Members can still connect their own personal Zoom accounts.'),
    ).toBeTruthy();
    expect((confirm as HTMLButtonElement).disabled).toBe(false);
  });

  it('counts the Zoom event types and upcoming bookings that Disconnect affects', async () => {
    fakeService({
      'GET /api/org/zoom/disconnect-impact': {
        body: { ...impact.body, zoomEventTypes: 2, upcomingBookings: 1 },
      },
    });
    renderDisconnect();
    const dialog = await openDialog();
    expect(
      await within(dialog).findByText('2 event types with a Zoom location will need attention:'),
    ).toBeTruthy();
    expect(dialog.textContent).toContain(
      "1 upcoming booking has its Zoom meeting in the organization's Zoom account.",
    );
  });

  it('closes on Cancel without disconnecting and gives focus back to the button', async () => {
    const { calls } = fakeService({ 'GET /api/org/zoom/disconnect-impact': impact });
    renderDisconnect();
    const dialog = await openDialog();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Disconnect' }));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('closes on Escape', async () => {
    fakeService({ 'GET /api/org/zoom/disconnect-impact': impact });
    renderDisconnect();
    const dialog = await openDialog();
    // The browser turns Escape on a modal dialog into a cancelable "cancel" event.
    dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('disconnects on confirm and refreshes the org, member table and summary', async () => {
    const { calls } = fakeService({
      'GET /api/org/zoom/disconnect-impact': impact,
      'POST /api/org/zoom/disconnect': { body: orgZoom({ state: 'disconnected' }) },
    });
    const { client } = renderDisconnect();
    client.setQueryData(queryKeys.orgZoom(adminSession), { state: 'active' });
    client.setQueryData(memberKeys.summary(adminSession), { members: 4 });
    const dialog = await openDialog();
    await within(dialog).findByText('3 members will lose Zoom:');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Disconnect Zoom' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      calls.some((c) => c.method === 'POST' && c.url.pathname === '/api/org/zoom/disconnect'),
    ).toBe(true);
    expect(client.getQueryState(queryKeys.orgZoom(adminSession))?.isInvalidated).toBe(true);
    expect(client.getQueryState(memberKeys.summary(adminSession))?.isInvalidated).toBe(true);
  });

  it('keeps the dialog open with the error when disconnecting fails', async () => {
    fakeService({
      'GET /api/org/zoom/disconnect-impact': impact,
      'POST /api/org/zoom/disconnect': apiError(500, 'internal', 'Zoom did not answer'),
    });
    renderDisconnect();
    const dialog = await openDialog();
    await within(dialog).findByText('3 members will lose Zoom:');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Disconnect Zoom' }));
    expect(await within(dialog).findByText("Couldn't disconnect Zoom.")).toBeTruthy();
    expect(within(dialog).getByText('Zoom did not answer')).toBeTruthy();
  });

  it('offers a retry when the impact cannot load, and cannot be confirmed meanwhile', async () => {
    let fail = true;
    fakeService({
      'GET /api/org/zoom/disconnect-impact': () =>
        fail ? apiError(500, 'internal', 'Database down') : impact,
    });
    renderDisconnect();
    const dialog = await openDialog();
    expect(await within(dialog).findByText("Couldn't load who would lose Zoom.")).toBeTruthy();
    expect(
      (within(dialog).getByRole('button', { name: 'Disconnect Zoom' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
    fail = false;
    await userEvent.click(within(dialog).getByRole('button', { name: 'Try again' }));
    expect(await within(dialog).findByText('3 members will lose Zoom:')).toBeTruthy();
  });

  it('says plainly when nobody is on the organization connection', async () => {
    fakeService({
      'GET /api/org/zoom/disconnect-impact': {
        body: {
          membersLosingZoom: 0,
          membersKeepingPersonal: 2,
          zoomEventTypes: 0,
          upcomingBookings: 0,
        },
      },
    });
    renderDisconnect();
    const dialog = await openDialog();
    expect(
      await within(dialog).findByText(
        "No member loses Zoom: nobody uses the organization's connection right now.",
      ),
    ).toBeTruthy();
    expect(dialog.textContent).toContain('2 members keep their personal Zoom connection.');
  });
});
