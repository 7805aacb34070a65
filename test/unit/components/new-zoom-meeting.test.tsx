import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NewZoomMeeting } from '@/components/new-zoom-meeting';
import { PopupPage } from '@/components/popup-page';
import type { MeResponse } from '@/lib/contracts/api';
import { lastMeetingItem } from '@/lib/extension/shared/storage-items';
import { apiError, fakeService, jsonResponse } from '../helpers/fake-service';
import { meetingView, meFor, memberSession } from '../helpers/fixtures';
import { renderWithQuery, signedIn } from '../helpers/render';

const orgZoom: Partial<MeResponse['zoom']> = {
  status: 'connected',
  type: 'organization',
  reason: null,
  zoomEmail: 'max@acme.test',
  orgState: 'active',
};

const meeting = meetingView;

function renderMeetings(routes: Parameters<typeof fakeService>[0] = {}) {
  const service = fakeService(routes);
  renderWithQuery(<NewZoomMeeting session={memberSession} />);
  return service;
}

async function openForm() {
  await userEvent.click(screen.getByRole('button', { name: 'New Zoom meeting' }));
  return screen.getByRole('form', { name: 'New Zoom meeting' });
}

async function fillAndCreate(topic = 'Design review') {
  await userEvent.type(screen.getByLabelText('Topic'), topic);
  await userEvent.click(screen.getByRole('button', { name: 'Create meeting' }));
}

beforeEach(() => {
  // Only Date: user-event and React Query need real timers.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(2030, 4, 1, 14, 7));
});
afterEach(() => vi.useRealTimers());

describe('New Zoom meeting in the popup', () => {
  it('is offered when the member has Zoom, and not when they have none', async () => {
    await signedIn(memberSession);
    fakeService({ 'GET /api/me': { body: meFor(memberSession, orgZoom) } });
    const { unmount } = renderWithQuery(<PopupPage />);
    expect(await screen.findByRole('button', { name: 'New Zoom meeting' })).toBeTruthy();
    unmount();

    // Past the snapshot's freshness (a popup reopened at once paints it without asking).
    vi.setSystemTime(new Date(2030, 4, 1, 14, 8));
    fakeService({ 'GET /api/me': { body: meFor(memberSession) } });
    renderWithQuery(<PopupPage />);
    expect(await screen.findByText('Not connected')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'New Zoom meeting' })).toBeNull();
  });

  it('opens with an empty topic, the next half hour and 30 minutes', async () => {
    renderMeetings();
    await openForm();
    const topic = screen.getByLabelText('Topic') as HTMLInputElement;
    expect(topic.value).toBe('');
    expect(document.activeElement).toBe(topic);
    expect((screen.getByLabelText('Start') as HTMLInputElement).value).toBe('2030-05-01T14:30');
    const duration = screen.getByLabelText('Duration') as HTMLSelectElement;
    expect(duration.value).toBe('30');
    expect([...duration.options].map((o) => o.value)).toEqual(['15', '30', '45', '60', '90']);
    expect(duration.selectedOptions[0]?.textContent).toBe('30 minutes');
  });

  it('asks for a topic and a start that has not passed before sending anything', async () => {
    const { calls } = renderMeetings();
    await openForm();
    await userEvent.click(screen.getByRole('button', { name: 'Create meeting' }));
    const topic = screen.getByLabelText('Topic');
    expect(screen.getByText('Give the meeting a topic.')).toBeTruthy();
    expect(topic.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(topic);

    await userEvent.type(topic, 'Design review');
    fireEvent.change(screen.getByLabelText('Start'), { target: { value: '2030-05-01T09:00' } });
    await userEvent.click(screen.getByRole('button', { name: 'Create meeting' }));
    expect(screen.queryByText('Give the meeting a topic.')).toBeNull();
    expect(screen.getByText('That time has passed. Pick a later start.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Start'));

    fireEvent.change(screen.getByLabelText('Start'), { target: { value: '' } });
    await userEvent.click(screen.getByRole('button', { name: 'Create meeting' }));
    expect(screen.getByText('Pick the date and time the meeting starts.')).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it('sends the topic, the start in UTC, the duration and the time zone', async () => {
    const { calls } = renderMeetings({ 'POST /api/me/meetings': { status: 201, body: meeting() } });
    await openForm();
    fireEvent.change(screen.getByLabelText('Start'), { target: { value: '2030-05-02T09:15' } });
    await userEvent.selectOptions(screen.getByLabelText('Duration'), '45');
    await fillAndCreate('  Design review ');
    await screen.findByText('Meeting created');

    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.method).toBe('POST');
    expect(call?.headers.get('authorization')).toBe(`Bearer ${memberSession.token}`);
    expect(call?.body).toEqual({
      topic: 'Design review',
      startTime: new Date(2030, 4, 2, 9, 15).toISOString(),
      durationMinutes: 45,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    });
  });

  it('shows the join link, passcode and which Zoom created it, with copy buttons', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderMeetings({ 'POST /api/me/meetings': { status: 201, body: meeting() } });
    await openForm();
    await fillAndCreate();

    const result = await screen.findByRole('article', { name: 'Meeting created' });
    expect(document.activeElement).toBe(within(result).getByText('Meeting created'));
    const link = within(result).getByRole('link', { name: 'zoom.test/j/81234567890' });
    expect(link.getAttribute('href')).toBe(meeting().joinUrl);
    expect(within(result).getByText('482913')).toBeTruthy();
    expect(within(result).getByText('Created with your personal Zoom')).toBeTruthy();
    expect(within(result).queryByText(/needs reconnecting/)).toBeNull();

    await userEvent.click(within(result).getByRole('button', { name: 'Copy link' }));
    expect(writeText).toHaveBeenLastCalledWith(meeting().joinUrl);
    expect(within(result).getByRole('status').textContent).toBe('Link copied');
    await userEvent.click(within(result).getByRole('button', { name: 'Copy invitation' }));
    expect(writeText).toHaveBeenLastCalledWith(meeting().invitation);
    expect(within(result).getByRole('status').textContent).toBe('Invitation copied');
  });

  it('says how to copy by hand when the clipboard refuses', async () => {
    const writeText = vi.fn(async () => {
      throw new DOMException('Document is not focused.', 'NotAllowedError');
    });
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderMeetings({ 'POST /api/me/meetings': { status: 201, body: meeting({ passcode: null }) } });
    await openForm();
    await fillAndCreate();
    await userEvent.click(await screen.findByRole('button', { name: 'Copy invitation' }));
    expect(screen.getByRole('status').textContent).toMatch(/select the text under Show invitation/);
    expect((screen.getByLabelText('Invitation') as HTMLTextAreaElement).value).toBe(
      meeting().invitation,
    );
    expect(screen.getByText('None')).toBeTruthy();
  });

  it("says so when a broken personal Zoom made it use the organization's", async () => {
    await signedIn(memberSession);
    const { calls } = fakeService({
      'GET /api/me': { body: meFor(memberSession, orgZoom) },
      'POST /api/me/meetings': {
        status: 201,
        body: meeting({ via: 'organization', fellBack: true, hostEmail: 'max@acme.test' }),
      },
    });
    renderWithQuery(<PopupPage />);
    await screen.findByRole('button', { name: 'New Zoom meeting' });
    await openForm();
    await fillAndCreate();

    expect(await screen.findByText("Created with your organization's Zoom")).toBeTruthy();
    expect(
      screen.getByText(
        "Your personal Zoom needs reconnecting, so your organization's Zoom was used.",
      ),
    ).toBeTruthy();
    // The popup's Zoom status is refetched, so it agrees with the result.
    await vi.waitFor(() =>
      expect(calls.filter((c) => c.url.pathname === '/api/me').length).toBeGreaterThan(1),
    );
  });

  it('starts over with a fresh form on New meeting', async () => {
    renderMeetings({ 'POST /api/me/meetings': { status: 201, body: meeting() } });
    await openForm();
    await fillAndCreate();
    await userEvent.click(await screen.findByRole('button', { name: 'New meeting' }));
    expect((screen.getByLabelText('Topic') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Start') as HTMLInputElement).value).toBe('2030-05-01T14:30');
  });

  it.each([
    [409, 'zoom_not_connected', "You don't have Zoom: your organization hasn't connected it."],
    [409, 'zoom_needs_reconnect', 'Your Zoom connection needs reconnecting.'],
    [
      422,
      'zoom_user_not_found',
      "max@acme.test isn't a user of your organization's Zoom account. Ask an admin to add you in Zoom, or connect a personal Zoom.",
    ],
    [
      429,
      'zoom_daily_limit',
      'You have created 100 meetings today, Zoom’s daily limit. You can create more after 00:00 UTC.',
    ],
    [503, 'zoom_unavailable', "Zoom isn't answering right now. Try again in a minute."],
    [400, 'bad_request', 'Give the meeting a topic.'],
  ])('shows the service’s message for %i %s and keeps the form', async (status, code, message) => {
    renderMeetings({ 'POST /api/me/meetings': apiError(status, code, message) });
    await openForm();
    await fillAndCreate();

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText("Couldn't create the meeting.")).toBeTruthy();
    expect(within(alert).getByText(message)).toBeTruthy();
    expect((screen.getByLabelText('Topic') as HTMLInputElement).value).toBe('Design review');
    expect(
      (screen.getByRole('button', { name: 'Create meeting' }) as HTMLButtonElement).disabled,
    ).toBe(false);
  });

  it('says when the service cannot be reached', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    renderWithQuery(<NewZoomMeeting session={memberSession} />);
    await openForm();
    await fillAndCreate();
    expect(await screen.findByText(/Can't reach the org service/)).toBeTruthy();
  });

  it('disables Create meeting while the meeting is being created, then retries', async () => {
    let answer: (response: Response) => void = () => {};
    const fetchMock = vi.fn(
      () =>
        new Promise<Response>((resolve) => {
          answer = resolve;
        }),
    );
    vi.stubGlobal('fetch', fetchMock);
    renderWithQuery(<NewZoomMeeting session={memberSession} />);
    await openForm();
    await fillAndCreate();

    const creating = await screen.findByRole('button', { name: 'Creating…' });
    expect((creating as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Cancel' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    fireEvent.submit(screen.getByRole('form', { name: 'New Zoom meeting' }));
    expect(fetchMock).toHaveBeenCalledOnce();

    answer(jsonResponse(503, { error: { code: 'zoom_unavailable', message: 'Zoom is down.' } }));
    expect(await screen.findByText('Zoom is down.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Create meeting' }));
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('closes the form on Cancel and returns focus to the button', async () => {
    renderMeetings();
    await openForm();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    const button = screen.getByRole('button', { name: 'New Zoom meeting' });
    await vi.waitFor(() => expect(document.activeElement).toBe(button));
  });
});

const cleanupScreen = () => cleanup();

describe('the last meeting, after the popup closes', () => {
  it('is still there when the popup opens again, for the same member only, until New meeting', async () => {
    const first = renderMeetings({ 'POST /api/me/meetings': { status: 201, body: meeting() } });
    await openForm();
    await fillAndCreate();
    expect(await screen.findByText('Meeting created')).toBeTruthy();
    expect(first.calls).toHaveLength(1);
    cleanupScreen();

    // The popup opens again (a new page): the meeting is shown without asking the service.
    const second = renderMeetings();
    expect(await screen.findByText('Meeting created')).toBeTruthy();
    expect(screen.getByText('482913')).toBeTruthy();
    expect(second.calls).toHaveLength(0);
    await userEvent.click(screen.getByRole('button', { name: 'New meeting' }));
    expect(screen.getByRole('form', { name: 'New Zoom meeting' })).toBeTruthy();
    cleanupScreen();

    renderMeetings();
    expect(await screen.findByRole('button', { name: 'New Zoom meeting' })).toBeTruthy();
    expect(screen.queryByText('Meeting created')).toBeNull();
  });

  it('is not shown to another member signed in afterwards', async () => {
    await lastMeetingItem.setValue({
      accountId: 'someone-else',
      meeting: meeting(),
      savedAt: Date.now(),
    });
    renderMeetings();
    expect(await screen.findByRole('button', { name: 'New Zoom meeting' })).toBeTruthy();
    expect(screen.queryByText('Meeting created')).toBeNull();
  });

  it('is forgotten after an hour', async () => {
    await lastMeetingItem.setValue({
      accountId: memberSession.account.id,
      meeting: meeting(),
      savedAt: Date.now() - 61 * 60_000,
    });
    renderMeetings();
    expect(await screen.findByRole('button', { name: 'New Zoom meeting' })).toBeTruthy();
    expect(screen.queryByText('Meeting created')).toBeNull();
  });
});
