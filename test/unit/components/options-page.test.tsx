import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsPage } from '@/components/options-page';
import { sessionItem } from '@/lib/extension/shared/storage-items';
import { apiError, fakeService } from '../helpers/fake-service';
import {
  activeOrgZoom,
  adminSession,
  LINK_TOKEN,
  meFor,
  memberSession,
  orgZoom,
  pendingOrgZoom,
} from '../helpers/fixtures';
import { renderWithQuery, signedIn } from '../helpers/render';

// The console loads its sections with import() (options-page.tsx). Transformed once here, so no
// test's findBy waits on vitest compiling them for the first time.
beforeAll(() => import('@/components/console-sections'));

const emptyMembers = { body: { members: [], nextCursor: null, total: 0 } };

describe('options page: signed out', () => {
  it('signs in and stores the session', async () => {
    fakeService({
      'POST /api/auth/sign-in': {
        body: {
          token: adminSession.token,
          account: adminSession.account,
          membership: adminSession.membership,
        },
      },
      'GET /api/me': { body: meFor(adminSession) },
      'GET /api/org/zoom': { body: orgZoom() },
      'GET /api/org/members': emptyMembers,
    });
    renderWithQuery(<OptionsPage />);
    await userEvent.type(await screen.findByLabelText('Email'), 'ada@acme.test');
    await userEvent.type(screen.getByLabelText('Password'), 'secret');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Integrations & apps' })).toBeTruthy();
    expect((await sessionItem.getValue())?.token).toBe(adminSession.token);
  });

  it('says so when the email or password is wrong', async () => {
    fakeService({ 'POST /api/auth/sign-in': apiError(401, 'invalid_credentials', 'Nope') });
    renderWithQuery(<OptionsPage />);
    await userEvent.type(await screen.findByLabelText('Email'), 'ada@acme.test');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const error = await screen.findByText('Incorrect email or password.');
    expect(await sessionItem.getValue()).toBeNull();
    // Focus lands on the result, so a keyboard or screen reader user is told at once.
    await waitFor(() => expect(document.activeElement).toBe(error));
  });

  it('says how long to wait when sign-in is locked after too many wrong passwords', async () => {
    const locked = 'Too many failed sign-ins. Try again in 15 minutes.';
    fakeService({ 'POST /api/auth/sign-in': apiError(429, 'too_many_attempts', locked) });
    renderWithQuery(<OptionsPage />);
    await userEvent.type(await screen.findByLabelText('Email'), 'ada@acme.test');
    await userEvent.type(screen.getByLabelText('Password'), 'right-or-wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const error = await screen.findByText(locked);
    expect(await sessionItem.getValue()).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(error));
  });
});

/** The console of an admin whose organization's Zoom is connected. */
async function renderActiveConsole() {
  await signedIn(adminSession);
  fakeService({
    'GET /api/me': { body: meFor(adminSession, { status: 'connected', type: 'organization' }) },
    'GET /api/org/zoom': { body: activeOrgZoom() },
    'GET /api/org/members': emptyMembers,
  });
  renderWithQuery(<OptionsPage />);
}

describe('options page: org connection card', () => {
  it('offers to connect Zoom for the organization when not connected', async () => {
    await signedIn(adminSession);
    let linked = false;
    const { calls } = fakeService({
      'GET /api/me': { body: meFor(adminSession) },
      'GET /api/org/zoom': () => ({ body: linked ? pendingOrgZoom() : orgZoom() }),
      'GET /api/org/members': emptyMembers,
      'POST /api/org/zoom/approval-links': () => {
        linked = true;
        return { status: 201, body: pendingOrgZoom().pendingLink };
      },
    });
    renderWithQuery(<OptionsPage />);
    expect(await screen.findByText(/speed up onboarding/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Connect Zoom for my organization' }));
    await waitFor(() =>
      expect(
        calls.some((c) => c.method === 'POST' && c.url.pathname.endsWith('/approval-links')),
      ).toBe(true),
    );
    // Focus lands on the result: the card's body, which now holds the approval link.
    const link = await screen.findByLabelText('Approval link');
    await waitFor(() => {
      const focused = document.activeElement;
      expect(focused !== document.body && focused?.contains(link)).toBe(true);
    });
  });

  it('shows the pending approval link with copy, expiry and requester', async () => {
    await signedIn(adminSession);
    fakeService({
      'GET /api/me': { body: meFor(adminSession) },
      'GET /api/org/zoom': { body: pendingOrgZoom() },
      'GET /api/org/members': emptyMembers,
    });
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const createTab = vi.spyOn(fakeBrowser.tabs, 'create');

    renderWithQuery(<OptionsPage />);
    const input = (await screen.findByLabelText('Approval link')) as HTMLInputElement;
    expect(input.value).toBe(`http://127.0.0.1:8787/approve/${LINK_TOKEN}`);
    expect(input.readOnly).toBe(true);
    expect(screen.getByText(/Expires /)).toBeTruthy();
    expect(screen.getByText(/Requested by Ada Admin/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Generate a new link' })).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith(input.value);
    expect(await screen.findByText('Copied')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: "I'm the Zoom admin — continue" }));
    expect(createTab).toHaveBeenCalledWith({
      url: `chrome-extension://test-extension-id/approve.html#${LINK_TOKEN}`,
    });
  });

  it('shows the connected Zoom account when active', async () => {
    await renderActiveConsole();
    const card = (await screen.findByRole('heading', { name: 'Zoom for your organization' }))
      .parentElement as HTMLElement;
    expect(await within(card).findByText('zoe@acme-zoom.test')).toBeTruthy();
    expect(within(card).getByText('Owner')).toBeTruthy();
    expect(within(card).getByText('Connected')).toBeTruthy();
    expect(within(card).getByText(/Approved /)).toBeTruthy();
    expect(
      within(card).queryByRole('button', { name: 'Connect Zoom for my organization' }),
    ).toBeNull();
  });

  it('shows Zoom as a tile with its state, and Disconnect in a danger zone at the bottom', async () => {
    await renderActiveConsole();
    const nav = await screen.findByRole('navigation', { name: 'Integrations & apps' });
    const tile = within(nav).getByRole('button', { name: /^Zoom/ });
    await waitFor(() => expect(tile.textContent).toContain('Connected'));
    const danger = await screen.findByRole('region', { name: 'Danger zone' });
    expect(within(danger).getByRole('button', { name: 'Disconnect' })).toBeTruthy();
    const main = screen.getByRole('main');
    expect(main.lastElementChild).toBe(danger);
    const card = screen.getByRole('region', { name: 'Zoom for your organization' });
    expect(within(card).queryByRole('button', { name: 'Disconnect' })).toBeNull();
  });

  it('shows one error for a page that could not load, not one per section', async () => {
    await signedIn(adminSession);
    const down = apiError(500, 'internal', 'Database unavailable');
    fakeService({
      'GET /api/me': down,
      'GET /api/org/zoom': down,
      'GET /api/org/members': down,
      'GET /api/org/members/summary': down,
      'GET /api/org/invitations': down,
      'GET /api/org/audit': down,
    });
    renderWithQuery(<OptionsPage />);
    expect(await screen.findByText("Couldn't load your organization's Zoom page.")).toBeTruthy();
    await waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(1));
    expect(screen.queryByRole('table', { name: 'Members' })).toBeNull();
  });

  it('shows an error with a retry when the org connection cannot load', async () => {
    await signedIn(adminSession);
    fakeService({
      'GET /api/me': { body: meFor(adminSession) },
      'GET /api/org/zoom': apiError(500, 'internal', 'Database unavailable'),
      'GET /api/org/members': emptyMembers,
    });
    renderWithQuery(<OptionsPage />);
    expect(
      await screen.findByText("Couldn't load the organization's Zoom connection."),
    ).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Try again' }).length).toBeGreaterThan(0);
  });

  it("asks for the member table's first page first, and the rest once it has answered", async () => {
    await signedIn(adminSession);
    const { fetchMock } = fakeService({
      'GET /api/me': { body: meFor(adminSession) },
      'GET /api/org/zoom': { body: activeOrgZoom() },
      'GET /api/org/members': emptyMembers,
    });
    const asked: string[] = [];
    let answerMembers = () => {};
    const membersHeld = new Promise<void>((resolve) => {
      answerMembers = resolve;
    });
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const { pathname } = new URL(String(input));
      asked.push(pathname);
      if (pathname === '/api/org/members') await membersHeld;
      return fetchMock(input, init);
    });

    renderWithQuery(<OptionsPage />);
    await waitFor(() => expect(asked).toEqual(['/api/org/members']));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(asked).toEqual(['/api/org/members']);
    // The other sections' code and first render wait too (console-sections.tsx).
    expect(screen.queryByRole('heading', { name: 'Sign out everywhere' })).toBeNull();

    answerMembers();
    expect(await screen.findByRole('heading', { name: 'Sign out everywhere' })).toBeTruthy();
    await waitFor(() =>
      expect(asked.slice(1).sort()).toEqual([
        '/api/me',
        '/api/me/alert-preferences',
        '/api/me/event-types',
        '/api/org/alerts',
        '/api/org/audit',
        '/api/org/bookings/repair-progress',
        '/api/org/invitations',
        '/api/org/members/summary',
        '/api/org/zoom',
      ]),
    );
  });

  it('hides the admin console from members but shows their Zoom setup', async () => {
    await signedIn(memberSession);
    const { calls } = fakeService({ 'GET /api/me': { body: meFor(memberSession) } });
    renderWithQuery(<OptionsPage />);
    expect(await screen.findByText("Your organization hasn't connected Zoom yet.")).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Members' })).toBeNull();
    expect(screen.queryByText('Zoom for your organization')).toBeNull();
    expect(calls.every((c) => !c.url.pathname.startsWith('/api/org'))).toBe(true);
  });
});
