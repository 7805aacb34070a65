import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { RemoveMemberDialog } from '@/components/remove-member-dialog';
import type { MemberBookingsResponse } from '@/lib/contracts/api';
import { apiError, fakeService } from '../helpers/fake-service';
import { adminSession, member } from '../helpers/fixtures';
import { renderWithQuery } from '../helpers/render';

const owner = {
  ...adminSession,
  membership: { ...adminSession.membership, role: 'owner' as const },
};
const mia = member({ id: 'mia', name: 'Mia Member', email: 'mia@acme.test' });

function booking(i: number) {
  return {
    id: `b${i}`,
    eventName: 'Intro call',
    startsAt: `2030-01-0${i}T10:00:00.000Z`,
    endsAt: `2030-01-0${i}T10:30:00.000Z`,
    inviteeName: `Invitee ${i}`,
    inviteeEmail: `invitee${i}@example.test`,
    hasZoomMeeting: true,
  };
}
const five: MemberBookingsResponse = {
  total: 5,
  zoomMeetings: 4,
  bookings: [booking(1), booking(2), booking(3)],
};

function serve(upcoming: MemberBookingsResponse) {
  return fakeService({
    'GET /api/org/members/mia/bookings': { body: upcoming },
    'DELETE /api/org/members/mia': { status: 204 },
  });
}

function open() {
  const onRemoved = vi.fn();
  renderWithQuery(
    <RemoveMemberDialog session={owner} member={mia} onCancel={() => {}} onRemoved={onRemoved} />,
  );
  return { dialog: screen.getByRole('dialog', { name: 'Remove Mia Member?' }), onRemoved };
}

describe('the Remove dialog and the member’s upcoming bookings', () => {
  it('lists them, says Zoom cannot move them, and waits for a choice', async () => {
    const { calls } = serve(five);
    const { dialog } = open();
    expect(within(dialog).getByRole('status').textContent).toContain('Checking');
    await within(dialog).findByText(/Mia Member hosts 5 upcoming bookings, 4 with a Zoom meeting/);
    const items = within(dialog).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringContaining('Intro call with Invitee 1 (invitee1@example.test)'),
      expect.stringContaining('Invitee 2'),
      expect.stringContaining('Invitee 3'),
      'and 2 more',
    ]);
    expect(dialog.textContent).toContain('Zoom cannot move a meeting to another host');
    const remove = within(dialog).getByRole('button', { name: 'Remove' }) as HTMLButtonElement;
    expect(remove.disabled).toBe(true);
    await userEvent.click(remove);
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);

    await userEvent.click(within(dialog).getByRole('radio', { name: /Cancel them with notice/ }));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Remove and cancel 5 upcoming bookings' }),
    );
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
    expect(calls.find((c) => c.method === 'DELETE')?.url.search).toBe('?upcomingBookings=cancel');
  });

  it('keeps them when the owner says so', async () => {
    const { calls } = serve(five);
    const { dialog, onRemoved } = open();
    await userEvent.click(await within(dialog).findByRole('radio', { name: /Keep them/ }));
    expect(dialog.textContent).toContain("hosted by Mia Member's Zoom user");
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove and keep them' }));
    await waitFor(() => expect(onRemoved).toHaveBeenCalledWith(mia));
    expect(calls.find((c) => c.method === 'DELETE')?.url.search).toBe('?upcomingBookings=keep');
  });

  it('says when they could not be checked, and removes nothing', async () => {
    const { calls } = fakeService({
      'GET /api/org/members/mia/bookings': apiError(503, 'internal', 'The service is down.'),
    });
    const { dialog } = open();
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('could not be checked: The service is down.');
    expect(
      (within(dialog).getByRole('button', { name: 'Remove' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
  });
});
