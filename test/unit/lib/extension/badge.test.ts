import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AlertView } from '@/lib/contracts/alerts';
import { createApiClient } from '@/lib/extension/shared/api-client';
import { shownAlertIdsItem } from '@/lib/extension/shared/storage-items';
import { badgeFor, refreshBadge } from '@/lib/extension/worker/badge';
import { apiError, fakeService } from '../../helpers/fake-service';
import {
  activeOrgZoom,
  adminSession,
  memberSession,
  orgZoom,
  pendingOrgZoom,
  SERVICE_URL,
} from '../../helpers/fixtures';

const NOW = Date.now();

function alert(overrides: Partial<AlertView> = {}): AlertView {
  return {
    id: 'alert-1',
    kind: 'org_deauthorized',
    reason: 'The app was removed in Zoom for zara@acme.test.',
    openedAt: new Date(NOW - 60_000).toISOString(),
    resolvedAt: null,
    resolution: null,
    ...overrides,
  };
}

const noAlerts = { body: { alerts: [] } };

// WXT's fake browser has no permissions API: the admin's choice is stubbed.
function allowNotifications(granted: boolean) {
  Object.assign(fakeBrowser, { permissions: { contains: vi.fn(async () => granted) } });
}

describe('badgeFor', () => {
  it('warns when the org connection needs a reconnect', () => {
    const view = badgeFor(orgZoom({ state: 'needs_reconnect' }), NOW);
    expect(view.text).toBe('!');
    expect(view.title).toContain('reconnected');
  });

  it('warns when a pending link expires within 24 hours', () => {
    expect(badgeFor(pendingOrgZoom(0.5), NOW)).toMatchObject({ text: '!' });
  });

  it('stays clear while a pending link has days left', () => {
    expect(badgeFor(pendingOrgZoom(3), NOW).text).toBe('');
  });

  it('stays clear for an active connection', () => {
    expect(badgeFor(activeOrgZoom(), NOW).text).toBe('');
  });

  it('says the approval link expired when it ran out unused', () => {
    const org = orgZoom({
      state: 'not_connected',
      expiredLink: { expiresAt: new Date(NOW - 60_000).toISOString() },
    });
    expect(badgeFor(org, NOW)).toEqual({
      text: '!',
      title: 'The Zoom approval link for Acme Scheduling has expired',
    });
  });

  it('keeps warning about a break while a reconnect link is pending', () => {
    const org = { ...pendingOrgZoom(3), state: 'needs_reconnect' as const };
    expect(badgeFor(org, NOW).title).toContain('needs to be reconnected');
  });

  it('stays clear when there is nothing to approve and nothing expired', () => {
    expect(badgeFor(orgZoom(), NOW).text).toBe('');
  });

  it('warns about an open incident the state does not show: Zoom removed the app', () => {
    const org = orgZoom({ state: 'disconnected', stateReason: 'Removed in Zoom' });
    expect(badgeFor(org, NOW, [alert()])).toEqual({
      text: '!',
      title: 'Zoom removed the app for Acme Scheduling',
    });
  });

  it('warns about a configuration problem while the connection is active', () => {
    expect(badgeFor(activeOrgZoom(), NOW, [alert({ kind: 'org_misconfigured' })]).title).toBe(
      "Zoom refuses the service's configuration for Acme Scheduling",
    );
  });

  it('stays clear once the incidents are resolved', () => {
    const resolved = alert({ resolvedAt: new Date(NOW).toISOString(), resolution: 'Fixed' });
    expect(badgeFor(activeOrgZoom(), NOW, [resolved]).text).toBe('');
  });
});

describe('refreshBadge', () => {
  const deps = (session: typeof adminSession | null) => ({
    session: async () => session,
    api: (s: typeof adminSession) => createApiClient({ serviceUrl: SERVICE_URL, token: s.token }),
  });

  it('shows "!" on the toolbar for an org admin whose connection is broken', async () => {
    fakeService({
      'GET /api/org/zoom': { body: orgZoom({ state: 'needs_reconnect' }) },
      'GET /api/org/alerts': noAlerts,
    });
    await refreshBadge(deps(adminSession));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
  });

  it('clears the badge after sign-out without asking the service', async () => {
    const { fetchMock } = fakeService({});
    await fakeBrowser.action.setBadgeText({ text: '!' });
    await refreshBadge(deps(null));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('never shows a badge to members', async () => {
    const { fetchMock } = fakeService({});
    await refreshBadge(deps(memberSession));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('clears the badge when the service no longer accepts the session', async () => {
    fakeService({
      'GET /api/org/zoom': apiError(401, 'unauthenticated'),
      'GET /api/org/alerts': apiError(401, 'unauthenticated'),
    });
    await fakeBrowser.action.setBadgeText({ text: '!' });
    await refreshBadge(deps(adminSession));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });
});

describe('alert notifications', () => {
  const deps = {
    session: async () => adminSession,
    api: (s: typeof adminSession) => createApiClient({ serviceUrl: SERVICE_URL, token: s.token }),
  };
  const serve = (alerts: AlertView[]) =>
    fakeService({
      'GET /api/org/zoom': { body: orgZoom({ state: 'disconnected' }) },
      'GET /api/org/alerts': { body: { alerts } },
    });
  const shown = () => Object.values(fakeBrowser.notifications.getAllCreateOptions());

  it('shows each open incident once, however often the badge refreshes', async () => {
    allowNotifications(true);
    serve([alert()]);
    for (let i = 0; i < 3; i++) await refreshBadge(deps);
    expect(shown()).toEqual([
      expect.objectContaining({
        title: 'Zoom removed the app for Acme Scheduling',
        message: 'The app was removed in Zoom for zara@acme.test.',
      }),
    ]);
    expect(await shownAlertIdsItem.getValue()).toEqual(['alert-1']);

    await fakeBrowser.notifications.clear('alert:alert-1');
    serve([alert(), alert({ id: 'alert-2', kind: 'org_needs_reconnect', reason: 'Demoted.' })]);
    await refreshBadge(deps);
    expect(shown()).toEqual([
      expect.objectContaining({ title: 'Zoom for Acme Scheduling needs to be reconnected' }),
    ]);
  });

  it('shows nothing where the admin did not allow notifications, and nothing resolved', async () => {
    allowNotifications(false);
    serve([alert()]);
    await refreshBadge(deps);
    expect(shown()).toEqual([]);
    expect(await shownAlertIdsItem.getValue()).toEqual([]);

    allowNotifications(true);
    serve([alert({ resolvedAt: new Date(NOW).toISOString(), resolution: 'Fixed' })]);
    await refreshBadge(deps);
    expect(shown()).toEqual([]);
  });
});
