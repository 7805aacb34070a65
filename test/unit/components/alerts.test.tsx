import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AlertSettings } from '@/components/alert-settings';
import { MyAlertsNotice } from '@/components/my-alerts-notice';
import { OrgAlerts } from '@/components/org-alerts';
import type { AlertView } from '@/lib/contracts/alerts';
import { fakeService } from '../helpers/fake-service';
import { adminSession, meFor, memberSession } from '../helpers/fixtures';
import { renderWithQuery } from '../helpers/render';

const NOW = Date.now();

function alert(overrides: Partial<AlertView> = {}): AlertView {
  return {
    id: 'alert-1',
    kind: 'org_needs_reconnect',
    reason: 'zara@acme.test is no longer a Zoom account Owner or Admin (now Member).',
    openedAt: new Date(NOW - 3_600_000).toISOString(),
    resolvedAt: null,
    resolution: null,
    ...overrides,
  };
}

// WXT's fake browser has no permissions API.
function stubPermissions(granted: boolean) {
  const permissions = {
    contains: vi.fn(async () => granted),
    request: vi.fn(async () => true),
    remove: vi.fn(async () => true),
  };
  Object.assign(fakeBrowser, { permissions });
  return permissions;
}

describe('the console’s alerts', () => {
  it('lists the org’s incidents, open and resolved, with what ended them', async () => {
    fakeService({
      'GET /api/org/alerts': {
        body: {
          alerts: [
            alert(),
            alert({
              id: 'alert-0',
              kind: 'org_deauthorized',
              reason: 'The app was removed in Zoom for zara@acme.test.',
              resolvedAt: new Date(NOW - 60_000).toISOString(),
              resolution: 'olivia@acme.test (Zoom Owner) approved the connection',
            }),
          ],
        },
      },
    });
    renderWithQuery(<OrgAlerts session={adminSession} />);
    const list = await screen.findByRole('list', { name: 'Recent alerts' });
    const items = within(list).getAllByRole('listitem');
    expect(items[0]?.textContent).toContain(
      'Open: Zoom for Acme Scheduling needs to be reconnected',
    );
    expect(items[1]?.textContent).toContain('Resolved: Zoom removed the app for Acme Scheduling');
    expect(items[1]?.textContent).toContain(
      ': olivia@acme.test (Zoom Owner) approved the connection',
    );
  });
});

describe('email alerts', () => {
  it('shows each topic on by default and saves a change', async () => {
    stubPermissions(false);
    const { calls } = fakeService({
      'GET /api/me/alert-preferences': {
        body: {
          preferences: [
            { topic: 'org_down', email: true },
            { topic: 'personal_broken', email: true },
          ],
        },
      },
      'PUT /api/me/alert-preferences': {
        body: {
          preferences: [
            { topic: 'org_down', email: false },
            { topic: 'personal_broken', email: true },
          ],
        },
      },
    });
    renderWithQuery(<AlertSettings session={memberSession} />);
    const orgDown = await screen.findByRole('switch', {
      name: "The organization's Zoom I use stops working",
    });
    expect((orgDown as HTMLInputElement).checked).toBe(true);
    await userEvent.click(orgDown);
    await waitFor(() => expect((orgDown as HTMLInputElement).checked).toBe(false));
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
      { preferences: [{ topic: 'org_down', email: false }] },
    ]);
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Saved');
    // Desktop notifications are for org admins.
    expect(screen.queryByRole('button', { name: /desktop notifications/ })).toBeNull();
  });

  it('asks for the notifications permission only from an admin’s click', async () => {
    const permissions = stubPermissions(false);
    fakeService({ 'GET /api/me/alert-preferences': { body: { preferences: [] } } });
    renderWithQuery(<AlertSettings session={adminSession} />);
    const turnOn = await screen.findByRole('button', { name: 'Turn on desktop notifications' });
    expect(permissions.request).not.toHaveBeenCalled();
    await userEvent.click(turnOn);
    expect(permissions.request).toHaveBeenCalledWith({ permissions: ['notifications'] });
    expect(
      await screen.findByRole('button', { name: 'Turn off desktop notifications' }),
    ).toBeTruthy();
  });
});

describe('the popup’s alert notice', () => {
  it('tells a member the org’s Zoom is down and who is fixing it', async () => {
    fakeService({ 'GET /api/me/alerts': { body: { alerts: [alert()] } } });
    renderWithQuery(<MyAlertsNotice session={memberSession} me={meFor(memberSession)} />);
    const notice = await screen.findByRole('status', { name: 'Alerts' });
    expect(notice.textContent).toContain('Zoom for Acme Scheduling needs to be reconnected');
    expect(notice.textContent).toContain(
      "Your organization's owners and admins have been told and are fixing it.",
    );
  });

  it('says which Zoom a member uses now that their personal one broke', async () => {
    fakeService({
      'GET /api/me/alerts': {
        body: {
          alerts: [alert({ kind: 'personal_broken', reason: 'Connect your personal Zoom again.' })],
        },
      },
    });
    const me = meFor(memberSession, { status: 'connected', type: 'organization', reason: null });
    renderWithQuery(<MyAlertsNotice session={memberSession} me={me} />);
    const notice = await screen.findByRole('status', { name: 'Alerts' });
    expect(notice.textContent).toContain("Meanwhile your meetings use your organization's Zoom.");
  });

  it('says nothing of the org’s break to a member whose personal Zoom works', async () => {
    const { fetchMock } = fakeService({ 'GET /api/me/alerts': { body: { alerts: [alert()] } } });
    const me = meFor(memberSession, { status: 'connected', type: 'personal', reason: null });
    renderWithQuery(<MyAlertsNotice session={memberSession} me={me} />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(screen.queryByRole('status', { name: 'Alerts' })).toBeNull();
  });
});
