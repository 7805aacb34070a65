import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MyZoomSetup } from '@/components/my-zoom-setup';
import { PopupPage } from '@/components/popup-page';
import type { MeResponse } from '@/lib/contracts/api';
import { authFlowItem } from '@/lib/extension/shared/storage-items';
import { apiError, fakeService } from '../helpers/fake-service';
import { flowResult, meFor, memberSession } from '../helpers/fixtures';
import { renderWithQuery, signedIn } from '../helpers/render';

type Zoom = Partial<MeResponse['zoom']>;

const personalOnly: Zoom = {
  status: 'connected',
  type: 'personal',
  reason: null,
  zoomEmail: 'max@personal.test',
  personal: 'active',
  personalZoomEmail: 'max@personal.test',
  orgState: 'active',
};
const orgOnly: Zoom = {
  status: 'connected',
  type: 'organization',
  reason: null,
  zoomEmail: 'max@acme.test',
  orgState: 'active',
};
const personalBroken: Zoom = {
  ...orgOnly,
  personal: 'needs_reconnect',
  personalZoomEmail: 'max@personal.test',
};
const removedByMe: Zoom = {
  status: 'not_connected',
  type: null,
  reason: 'removed_by_member',
  orgState: 'active',
  canRemoveOrgConnection: true,
  removedOrgConnection: true,
};

async function renderSetup(zoom: Zoom, routes = {}) {
  await signedIn(memberSession);
  const service = fakeService({ 'GET /api/me': { body: meFor(memberSession, zoom) }, ...routes });
  renderWithQuery(<MyZoomSetup session={memberSession} />);
  await screen.findAllByText(/^Zoom/);
  return service;
}

function startReceiver() {
  const received = vi.fn();
  fakeBrowser.runtime.onMessage.addListener((message, _sender, sendResponse) => {
    received(message);
    sendResponse({ ok: true });
    return true;
  });
  return received;
}

describe('Your Zoom setup', () => {
  it('shows only the personal connection when the member has both, with Disconnect', async () => {
    await renderSetup(personalOnly);
    expect(screen.getByText('Zoom — Personal')).toBeTruthy();
    expect(screen.queryByText('Zoom — Organization')).toBeNull();
    expect(screen.getByText('max@personal.test')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Disconnect' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Connect personal Zoom' })).toBeNull();
  });

  it('asks before disconnecting and says the organization Zoom will be used again', async () => {
    const { calls } = await renderSetup(personalOnly, {
      'DELETE /api/me/zoom/personal': { status: 204 },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Disconnect your personal Zoom?' });
    expect(within(dialog).getByText("Your organization's Zoom will be used again.")).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Disconnect' }));
    await vi.waitFor(() =>
      expect(
        calls.some((c) => c.method === 'DELETE' && c.url.pathname === '/api/me/zoom/personal'),
      ).toBe(true),
    );
  });

  it('shows the org connection and offers to connect a personal one', async () => {
    const received = startReceiver();
    await renderSetup(orgOnly);
    expect(screen.getByText('Zoom — Organization')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Connect personal Zoom' }));
    expect(received).toHaveBeenCalledWith({ type: 'personal/start' });
    // Not offered while the org does not allow it.
    expect(screen.queryByRole('button', { name: 'Remove organization Zoom for me' })).toBeNull();
  });

  it('shows "Waiting for Zoom…" while the personal flow runs, then the result', async () => {
    let current = orgOnly;
    await renderSetup(orgOnly, { 'GET /api/me': () => ({ body: meFor(memberSession, current) }) });
    await act(() =>
      authFlowItem.setValue({
        kind: 'personal',
        linkToken: null,
        phase: 'waiting_for_zoom',
        startedAt: Date.now(),
        state: 's',
        result: null,
        error: null,
      }),
    );
    expect(await screen.findByText(/Waiting for Zoom…/)).toBeTruthy();
    expect(
      (screen.getByRole('button', { name: 'Connect personal Zoom' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    current = personalOnly;
    await act(() =>
      authFlowItem.setValue({
        kind: 'personal',
        linkToken: null,
        phase: 'finished',
        startedAt: Date.now(),
        state: 's',
        result: flowResult({ kind: 'personal', zoomEmail: 'max@personal.test' }),
        error: null,
      }),
    );
    expect(await screen.findByText('Personal Zoom connected (max@personal.test).')).toBeTruthy();
    expect(screen.getByText('Zoom — Personal')).toBeTruthy();
  });

  it("says the personal Zoom wasn't connected, in the service's words, when it could not finish", async () => {
    await renderSetup(orgOnly);
    await act(() =>
      authFlowItem.setValue({
        kind: 'personal',
        linkToken: null,
        phase: 'finished',
        startedAt: Date.now(),
        state: 's',
        result: flowResult({
          kind: 'personal',
          outcome: 'error',
          zoomEmail: null,
          zoomRole: null,
          message:
            'Something went wrong on our side while finishing the Zoom sign-in. Try again in a moment.',
        }),
        error: null,
      }),
    );
    expect(
      await screen.findByText(
        "Your personal Zoom wasn't connected. Something went wrong on our side while finishing the Zoom sign-in. Try again in a moment.",
      ),
    ).toBeTruthy();
    expect(screen.queryByText(/Waiting for Zoom/)).toBeNull();
  });

  it('ignores an org approval running in the same browser', async () => {
    await renderSetup(orgOnly);
    await act(() =>
      authFlowItem.setValue({
        kind: 'org',
        linkToken: 'abcdefghijklmnopqrstuv',
        phase: 'waiting_for_zoom',
        startedAt: Date.now(),
        state: 's',
        result: null,
        error: null,
      }),
    );
    expect(screen.queryByText(/Waiting for Zoom…/)).toBeNull();
  });

  it('shows a broken personal connection as Needs reconnect, with the org used meanwhile', async () => {
    await renderSetup(personalBroken);
    expect(screen.getByText('Zoom — Organization')).toBeTruthy();
    expect(screen.getByText('Needs reconnect')).toBeTruthy();
    expect(screen.getByText(/use your organization's Zoom meanwhile/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reconnect personal Zoom' })).toBeTruthy();
  });

  it('checks an active personal grant once per visit and shows it broken when Zoom revoked it', async () => {
    // The service's answer changes once it has asked Zoom, as the real one does.
    let revoked = false;
    await signedIn(memberSession);
    const service = fakeService({
      'GET /api/me': () => ({
        body: meFor(memberSession, revoked ? personalBroken : personalOnly),
      }),
      'POST /api/me/zoom/personal/check': () => {
        revoked = true;
        return { body: meFor(memberSession, personalBroken).zoom };
      },
    });
    renderWithQuery(<MyZoomSetup session={memberSession} />);
    expect(await screen.findByText('Needs reconnect')).toBeTruthy();
    const checks = service.calls.filter((c) => c.url.pathname === '/api/me/zoom/personal/check');
    expect(checks).toHaveLength(1);
  });

  it('offers removal while allowed, and adding it back after', async () => {
    let current: Zoom = { ...orgOnly, canRemoveOrgConnection: true };
    const { calls } = await renderSetup(current, {
      'GET /api/me': () => ({ body: meFor(memberSession, current) }),
      'PUT /api/me/zoom/org-connection': () => {
        current = removedByMe;
        return { body: meFor(memberSession, removedByMe).zoom };
      },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Remove organization Zoom for me' }));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ removed: true });
    expect(
      await screen.findByText("You removed your organization's Zoom connection for yourself."),
    ).toBeTruthy();
  });

  it('shows "removed by you" with Add organization Zoom back', async () => {
    await renderSetup(removedByMe);
    expect(screen.getByText('Not connected')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add organization Zoom back' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Remove organization Zoom for me' })).toBeNull();
  });

  it.each([
    ['org_not_connected', "Your organization hasn't connected Zoom yet."],
    ['org_needs_reconnect', "Your organization's Zoom connection stopped working."],
  ] as const)('explains "%s" and offers a personal connection', async (reason, text) => {
    await renderSetup({
      reason,
      orgState: reason === 'org_needs_reconnect' ? 'needs_reconnect' : 'not_connected',
    });
    expect(screen.getByText(text)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Connect personal Zoom' })).toBeTruthy();
  });

  it('reports a failed disconnect', async () => {
    await renderSetup(personalOnly, {
      'DELETE /api/me/zoom/personal': apiError(503, 'zoom_unavailable', 'Zoom is down'),
    });
    await userEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
    await userEvent.click(
      within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Disconnect' }),
    );
    expect(await screen.findByText("Couldn't disconnect your personal Zoom.")).toBeTruthy();
  });
});

describe('popup, member Zoom', () => {
  it('shows a personal connection with Disconnect', async () => {
    await signedIn(memberSession);
    fakeService({ 'GET /api/me': { body: meFor(memberSession, personalOnly) } });
    renderWithQuery(<PopupPage />);
    const yourZoom = await screen.findByRole('region', { name: 'Your Zoom' });
    expect(await within(yourZoom).findByText('Zoom — Personal')).toBeTruthy();
    expect(within(yourZoom).getByRole('button', { name: 'Disconnect' })).toBeTruthy();
  });

  it('offers the one fix when not connected: connect personal Zoom', async () => {
    await signedIn(memberSession);
    fakeService({ 'GET /api/me': { body: meFor(memberSession) } });
    renderWithQuery(<PopupPage />);
    const yourZoom = await screen.findByRole('region', { name: 'Your Zoom' });
    expect(await within(yourZoom).findByText('Not connected')).toBeTruthy();
    expect(within(yourZoom).getByRole('button', { name: 'Connect personal Zoom' })).toBeTruthy();
  });

  it('shows "removed by you" with the way back', async () => {
    await signedIn(memberSession);
    fakeService({ 'GET /api/me': { body: meFor(memberSession, removedByMe) } });
    renderWithQuery(<PopupPage />);
    expect(await screen.findByRole('button', { name: 'Add organization Zoom back' })).toBeTruthy();
  });

  it('shows an error with Try again when the service fails and nothing is cached', async () => {
    await signedIn(memberSession);
    fakeService({ 'GET /api/me': apiError(500, 'internal', 'Something went wrong on our side.') });
    renderWithQuery(<PopupPage />);
    expect(await screen.findByText("Couldn't load your Zoom.")).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
