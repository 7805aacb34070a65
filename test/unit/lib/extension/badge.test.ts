import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createApiClient } from '@/lib/extension/shared/api-client';
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
});

describe('refreshBadge', () => {
  const deps = (session: typeof adminSession | null) => ({
    session: async () => session,
    api: (s: typeof adminSession) => createApiClient({ serviceUrl: SERVICE_URL, token: s.token }),
  });

  it('shows "!" on the toolbar for an org admin whose connection is broken', async () => {
    fakeService({ 'GET /api/org/zoom': { body: orgZoom({ state: 'needs_reconnect' }) } });
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
    fakeService({ 'GET /api/org/zoom': apiError(401, 'unauthenticated') });
    await fakeBrowser.action.setBadgeText({ text: '!' });
    await refreshBadge(deps(adminSession));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });
});
