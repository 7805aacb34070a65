import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { EventTypes } from '@/components/event-types';
import type { EventTypeView } from '@/lib/contracts/event-types';
import { apiError, fakeService } from '../helpers/fake-service';
import { memberSession } from '../helpers/fixtures';
import { renderWithQuery } from '../helpers/render';

const intro: EventTypeView = {
  id: '5c8e8f7e-2b1a-4c52-9a55-0c7f3e1f0a11',
  name: 'Intro call',
  slug: 'intro-call',
  durationMinutes: 30,
  location: { kind: 'zoom', detail: null },
  timezone: 'Europe/Berlin',
  availability: [{ day: 1, start: '09:00', end: '17:00' }],
  bookingUrl: 'http://svc/book/mia-member/intro-call',
  locationNeedsAttention: null,
  upcomingBookings: 2,
};

describe('Your event types', () => {
  it('creates an event type with Zoom preselected when the org made it the default', async () => {
    const { calls } = fakeService({
      'GET /api/me/event-types': { body: { eventTypes: [], zoomDefaultLocation: true } },
      'POST /api/me/event-types': { status: 201, body: intro },
    });
    renderWithQuery(<EventTypes session={memberSession} />);
    await userEvent.click(await screen.findByRole('button', { name: 'New event type' }));
    const form = screen.getByRole('form', { name: 'New event type' });
    expect((within(form).getByLabelText('Location') as HTMLSelectElement).value).toBe('zoom');
    await userEvent.type(within(form).getByLabelText('Name'), 'Intro call');
    await userEvent.clear(within(form).getByLabelText('Time zone'));
    await userEvent.type(within(form).getByLabelText('Time zone'), 'Europe/Berlin');
    await userEvent.click(within(form).getByRole('button', { name: 'Create event type' }));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'Intro call',
      durationMinutes: 30,
      location: { kind: 'zoom' },
      timezone: 'Europe/Berlin',
      availability: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
    });
  });

  it('asks for the detail of a phone location and shows the service’s refusal', async () => {
    const { calls } = fakeService({
      'GET /api/me/event-types': { body: { eventTypes: [], zoomDefaultLocation: false } },
      'POST /api/me/event-types': apiError(
        409,
        'conflict',
        'You already have an event type at this link.',
      ),
    });
    renderWithQuery(<EventTypes session={memberSession} />);
    await userEvent.click(await screen.findByRole('button', { name: 'New event type' }));
    expect((screen.getByLabelText('Location') as HTMLSelectElement).value).toBe('phone');
    await userEvent.type(screen.getByLabelText('Name'), 'Call');
    await userEvent.type(screen.getByLabelText('Phone number'), '+49 30 1234567');
    await userEvent.click(screen.getByRole('button', { name: 'Create event type' }));
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      'You already have an event type at this link.',
    );
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      location: { kind: 'phone', detail: '+49 30 1234567' },
    });
  });

  it('lists each event type with its booking link to copy and says when its location needs attention', async () => {
    fakeService({
      'GET /api/me/event-types': {
        body: {
          eventTypes: [
            {
              ...intro,
              locationNeedsAttention:
                "Your organization's Zoom connection needs to be reconnected.",
            },
          ],
          zoomDefaultLocation: true,
        },
      },
    });
    renderWithQuery(<EventTypes session={memberSession} />);
    expect(await screen.findByRole('heading', { name: 'Intro call' })).toBeTruthy();
    expect(screen.getByRole('link', { name: intro.bookingUrl })).toBeTruthy();
    expect(
      screen.getByRole('button', { name: 'Copy the booking link for Intro call' }),
    ).toBeTruthy();
    expect(screen.getByText('Location needs attention.')).toBeTruthy();
    expect(screen.getByText(/2 upcoming/)).toBeTruthy();
  });

  it('deletes an event type after confirming', async () => {
    const { calls } = fakeService({
      'GET /api/me/event-types': { body: { eventTypes: [intro], zoomDefaultLocation: false } },
      [`DELETE /api/me/event-types/${intro.id}`]: { status: 204 },
    });
    renderWithQuery(<EventTypes session={memberSession} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete Intro call' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete event type' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(true);
  });

  it('edits several times a day: adds one, changes it, removes another day’s, then saves', async () => {
    const { calls } = fakeService({
      'GET /api/me/event-types': {
        body: {
          eventTypes: [
            {
              ...intro,
              availability: [
                { day: 1, start: '09:00', end: '12:00' },
                { day: 2, start: '09:00', end: '17:00' },
              ],
            },
          ],
          zoomDefaultLocation: false,
        },
      },
      [`PATCH /api/me/event-types/${intro.id}`]: { body: intro },
    });
    renderWithQuery(<EventTypes session={memberSession} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Intro call' }));
    const form = screen.getByRole('form', { name: 'Edit Intro call' });
    const monday = within(form).getByRole('group', { name: 'Monday' });
    await userEvent.click(within(monday).getByRole('button', { name: 'Add a time on Monday' }));
    // The new time starts an hour after the last one ends.
    expect((within(monday).getByLabelText('Monday from (time 2)') as HTMLInputElement).value).toBe(
      '13:00',
    );
    const until = within(monday).getByLabelText('Monday until (time 2)');
    await userEvent.clear(until);
    await userEvent.type(until, '17:30');
    const tuesday = within(form).getByRole('group', { name: 'Tuesday' });
    await userEvent.click(
      within(tuesday).getByRole('button', { name: 'Remove Tuesday 09:00–17:00' }),
    );
    expect(within(tuesday).getByText('Unavailable')).toBeTruthy();
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({
      availability: [
        { day: 1, start: '09:00', end: '12:00' },
        { day: 1, start: '13:00', end: '17:30' },
      ],
    });
  });

  it('says when two times of one day overlap, and saves nothing', async () => {
    const { calls } = fakeService({
      'GET /api/me/event-types': { body: { eventTypes: [], zoomDefaultLocation: false } },
    });
    renderWithQuery(<EventTypes session={memberSession} />);
    await userEvent.click(await screen.findByRole('button', { name: 'New event type' }));
    await userEvent.type(screen.getByLabelText('Name'), 'Call');
    await userEvent.type(screen.getByLabelText('Phone number'), '+49 30 1234567');
    const friday = screen.getByRole('group', { name: 'Friday' });
    await userEvent.click(within(friday).getByRole('button', { name: 'Add a time on Friday' }));
    const from = within(friday).getByLabelText('Friday from (time 2)');
    await userEvent.clear(from);
    await userEvent.type(from, '16:00');
    await userEvent.click(screen.getByRole('button', { name: 'Create event type' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Friday: the times overlap.');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });
});
