import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PopupPage } from '@/components/popup-page';
import { popupSnapshotItem } from '@/lib/extension/shared/storage-items';
import { fakeService } from '../helpers/fake-service';
import { adminSession, meFor, memberSession, pendingOrgZoom } from '../helpers/fixtures';
import { renderWithQuery, signedIn } from '../helpers/render';

describe('popup', () => {
  it('offers a compact sign-in and a way to the options page when signed out', async () => {
    const openOptions = vi.fn(async () => {});
    Object.assign(fakeBrowser.runtime, { openOptionsPage: openOptions });
    renderWithQuery(<PopupPage />);
    expect(await screen.findByLabelText('Email')).toBeTruthy();
    expect(screen.getByLabelText('Password')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Open the options page' }));
    expect(openOptions).toHaveBeenCalledOnce();
  });

  it("shows a member's organization Zoom at a glance", async () => {
    await signedIn(memberSession);
    fakeService({
      'GET /api/me': {
        body: meFor(memberSession, {
          status: 'connected',
          type: 'organization',
          reason: null,
          zoomEmail: 'max@acme.test',
          orgState: 'active',
        }),
      },
    });
    renderWithQuery(<PopupPage />);
    const yourZoom = await screen.findByRole('region', { name: 'Your Zoom' });
    expect(await within(yourZoom).findByText('Zoom — Organization')).toBeTruthy();
    expect(within(yourZoom).getByText('max@acme.test')).toBeTruthy();
    expect(within(yourZoom).getByText('Connected')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Open admin console' })).toBeNull();
  });

  it('shows why a member is not connected', async () => {
    await signedIn(memberSession);
    fakeService({
      'GET /api/me': { body: meFor(memberSession, { reason: 'org_needs_reconnect' }) },
    });
    renderWithQuery(<PopupPage />);
    expect(await screen.findByText('Not connected')).toBeTruthy();
    expect(screen.getByText("Your organization's Zoom connection stopped working.")).toBeTruthy();
  });

  it('shows org admins the pending link expiry and the admin console button', async () => {
    await signedIn(adminSession);
    fakeService({
      'GET /api/me': { body: meFor(adminSession, { reason: 'org_pending_approval' }) },
      'GET /api/org/zoom': { body: pendingOrgZoom() },
    });
    const openOptions = vi.fn(async () => {});
    Object.assign(fakeBrowser.runtime, { openOptionsPage: openOptions });
    renderWithQuery(<PopupPage />);
    expect(await screen.findByText(/Approval link expires/)).toBeTruthy();
    expect(screen.getAllByText('Waiting for Zoom admin approval').length).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Open admin console' }));
    expect(openOptions).toHaveBeenCalledOnce();
  });

  it('paints the last known state before the service answers', async () => {
    await signedIn(memberSession);
    await popupSnapshotItem.setValue({
      accountId: memberSession.account.id,
      serviceUrl: memberSession.serviceUrl,
      me: meFor(memberSession, {
        status: 'connected',
        type: 'personal',
        reason: null,
        zoomEmail: 'max@personal.test',
      }),
      org: null,
      savedAt: Date.now(),
    });
    fakeService({ 'GET /api/me': () => new Promise(() => {}) as never });
    renderWithQuery(<PopupPage />);
    expect(await screen.findByText('Zoom — Personal')).toBeTruthy();
    expect(screen.getByText('max@personal.test')).toBeTruthy();
  });

  it('paints the last known state from one storage read', async () => {
    await signedIn(memberSession);
    await popupSnapshotItem.setValue({
      accountId: memberSession.account.id,
      serviceUrl: memberSession.serviceUrl,
      me: meFor(memberSession, { status: 'connected', type: 'personal', reason: null }),
      org: null,
      savedAt: Date.now(),
    });
    fakeService({ 'GET /api/me': () => new Promise(() => {}) as never });
    const reads = vi.spyOn(fakeBrowser.storage.local, 'get');
    renderWithQuery(<PopupPage />);
    expect(await screen.findByText('Zoom — Personal')).toBeTruthy();
    expect(reads).toHaveBeenCalledOnce();
    expect(reads.mock.calls[0]?.[0]).toEqual(
      expect.arrayContaining(['serviceUrl', 'session', 'popupSnapshot']),
    );
  });

  it("shows the service's answer without waiting for the snapshot write", async () => {
    await signedIn(memberSession);
    fakeService({
      'GET /api/me': {
        body: meFor(memberSession, { status: 'connected', type: 'personal', reason: null }),
      },
    });
    vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(() => new Promise(() => {}));
    renderWithQuery(<PopupPage />);
    expect(await screen.findByText('Zoom — Personal')).toBeTruthy();
  });

  it('does not show another account’s snapshot', async () => {
    await signedIn(memberSession);
    await popupSnapshotItem.setValue({
      accountId: 'someone-else',
      serviceUrl: memberSession.serviceUrl,
      me: meFor(adminSession, { status: 'connected', type: 'personal', reason: null }),
      org: null,
      savedAt: Date.now(),
    });
    fakeService({ 'GET /api/me': { body: meFor(memberSession) } });
    renderWithQuery(<PopupPage />);
    expect(await screen.findByText('Not connected')).toBeTruthy();
    expect(screen.queryByText('Zoom — Personal')).toBeNull();
  });
});
