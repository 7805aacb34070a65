import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OrgConnectionCard } from '@/components/org-connection-card';
import type { OrgZoomResponse } from '@/lib/contracts/api';
import { apiError, fakeService } from '../helpers/fake-service';
import { activeOrgZoom, adminSession, orgZoom, pendingOrgZoom } from '../helpers/fixtures';
import { renderWithQuery } from '../helpers/render';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function needsReconnect(): OrgZoomResponse {
  return {
    ...activeOrgZoom(),
    state: 'needs_reconnect',
    stateReason:
      'The approving Zoom user zoe@acme-zoom.test is no longer a Zoom admin (now Member).',
  };
}

function renderCard() {
  return renderWithQuery(<OrgConnectionCard session={adminSession} />);
}

function posted(calls: { method: string; url: URL }[], path: string, method = 'POST') {
  return calls.some((c) => c.method === method && c.url.pathname === path);
}

describe('org connection card: active', () => {
  it('shows when the connection was last checked', async () => {
    fakeService({
      'GET /api/org/zoom': { body: { ...activeOrgZoom(), lastCheckedAt: minutesAgo(5) } },
    });
    renderCard();
    expect(await screen.findByText(/Last checked/)).toBeTruthy();
    expect(screen.getByText('5 minutes ago')).toBeTruthy();
  });

  it('says the connection works after Check now finds it healthy, and refreshes the badge', async () => {
    const sendMessage = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    const { calls } = fakeService({
      'GET /api/org/zoom': { body: activeOrgZoom() },
      'POST /api/org/zoom/check': {
        body: {
          ...activeOrgZoom(),
          lastCheckedAt: new Date().toISOString(),
          check: { outcome: 'healthy' },
        },
      },
    });
    renderCard();
    await userEvent.click(await screen.findByRole('button', { name: 'Check now' }));
    expect(await screen.findByText('Zoom connection checked just now — working.')).toBeTruthy();
    expect(screen.getByText(/Last checked/)).toBeTruthy();
    expect(posted(calls, '/api/org/zoom/check')).toBe(true);
    await waitFor(() => expect(sendMessage).toHaveBeenCalledWith({ type: 'badge/refresh' }));
  });

  it('shows a spinner and disables Check now while the check runs', async () => {
    let answer: (() => void) | undefined;
    fakeService({ 'GET /api/org/zoom': { body: activeOrgZoom() } });
    const fetchMock = vi.mocked(fetch);
    const original = fetchMock.getMockImplementation();
    fetchMock.mockImplementation(async (input, init) => {
      if (String(input).endsWith('/api/org/zoom/check')) {
        await new Promise<void>((resolve) => {
          answer = resolve;
        });
      }
      return original?.(input, init) as Promise<Response>;
    });
    renderCard();
    const button = await screen.findByRole('button', { name: 'Check now' });
    await userEvent.click(button);
    expect(await screen.findByText('Checking the Zoom connection…')).toBeTruthy();
    expect((button as HTMLButtonElement).disabled).toBe(true);
    answer?.();
  });

  it('warns and keeps the connection when Zoom cannot be reached', async () => {
    fakeService({
      'GET /api/org/zoom': { body: activeOrgZoom() },
      'POST /api/org/zoom/check': {
        body: {
          ...activeOrgZoom(),
          lastCheckError: 'Zoom answered 503.',
          check: { outcome: 'unreachable', message: 'Zoom answered 503.' },
        },
      },
    });
    renderCard();
    await userEvent.click(await screen.findByRole('button', { name: 'Check now' }));
    expect(
      await screen.findByText(
        /Couldn't reach Zoom to check the connection: Zoom answered 503\. The connection/,
      ),
    ).toBeTruthy();
    expect(screen.getByText('Connected')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the last check error when the scheduled check could not reach Zoom', async () => {
    fakeService({
      'GET /api/org/zoom': {
        body: {
          ...activeOrgZoom(),
          lastCheckedAt: minutesAgo(90),
          lastCheckError: 'Zoom timed out',
        },
      },
    });
    renderCard();
    expect(
      await screen.findByText(
        "The last check couldn't reach Zoom: Zoom timed out. The connection is unchanged.",
      ),
    ).toBeTruthy();
  });

  it('tells admins Zoom refuses the service itself, that no reconnect is needed, and keeps Connected', async () => {
    const message =
      "Zoom refused this service's organization app credentials (invalid_client). The Zoom client ID or secret in the service's configuration is wrong or was rotated.";
    fakeService({
      'GET /api/org/zoom': {
        body: {
          ...activeOrgZoom(),
          lastCheckError: message,
          zoomProblem: { message, since: minutesAgo(12) },
        },
      },
    });
    renderCard();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Zoom is refusing this service right now');
    expect(alert.textContent).toContain('invalid_client');
    expect(alert.textContent).toContain('no reconnect is needed');
    expect(screen.getByText('Connected')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Reconnect/ })).toBeNull();
    // The same sentence is not repeated as a "couldn't reach Zoom" check error.
    expect(screen.queryByText(/The last check couldn't reach Zoom/)).toBeNull();
  });

  it('switches to the reconnect banner when Check now finds the connection broken', async () => {
    let org = activeOrgZoom();
    fakeService({
      'GET /api/org/zoom': () => ({ body: org }),
      'POST /api/org/zoom/check': () => {
        org = needsReconnect();
        return { body: { ...org, check: { outcome: 'needs_reconnect', reason: 'demoted' } } };
      },
    });
    renderCard();
    await userEvent.click(await screen.findByRole('button', { name: 'Check now' }));
    const banner = await screen.findByRole('alert');
    expect(
      within(banner).getByRole('heading', { name: 'Zoom needs to be reconnected' }),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Check now' })).toBeNull();
  });

  it('says why Check now failed', async () => {
    fakeService({
      'GET /api/org/zoom': { body: activeOrgZoom() },
      'POST /api/org/zoom/check': apiError(
        409,
        'conflict',
        'Zoom is not connected for this organization.',
      ),
    });
    renderCard();
    await userEvent.click(await screen.findByRole('button', { name: 'Check now' }));
    expect(await screen.findByText("Couldn't check the Zoom connection.")).toBeTruthy();
    expect(screen.getByText('Zoom is not connected for this organization.')).toBeTruthy();
  });
});

describe('org connection card: needs reconnect', () => {
  it('shows the banner with the reason and starts a new approval from it', async () => {
    let org = needsReconnect();
    const { calls } = fakeService({
      'GET /api/org/zoom': () => ({ body: org }),
      'POST /api/org/zoom/approval-links': () => {
        org = pendingOrgZoom();
        return { status: 201, body: org.pendingLink };
      },
    });
    renderCard();
    const banner = await screen.findByRole('alert');
    expect(within(banner).getByText(needsReconnect().stateReason ?? '')).toBeTruthy();
    expect(
      within(banner).getByText(
        /Members on the organization connection can't use Zoom until it's reconnected\./,
      ),
    ).toBeTruthy();
    expect(within(banner).getByRole('button', { name: 'Disconnect' })).toBeTruthy();

    await userEvent.click(
      within(banner).getByRole('button', { name: 'Reconnect Zoom for my organization' }),
    );
    expect(await screen.findByLabelText('Approval link')).toBeTruthy();
    expect(posted(calls, '/api/org/zoom/approval-links')).toBe(true);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('org connection card: disconnected', () => {
  it('says who disconnected and offers to connect again', async () => {
    fakeService({
      'GET /api/org/zoom': {
        body: orgZoom({ state: 'disconnected', stateReason: 'Disconnected by Olivia Owner' }),
      },
    });
    renderCard();
    expect(await screen.findByText('Zoom for your organization is disconnected.')).toBeTruthy();
    expect(screen.getByText('Disconnected by Olivia Owner.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Connect Zoom for my organization' })).toBeTruthy();
  });
});

describe('org connection card: pending link', () => {
  it('revokes the link after an inline confirmation', async () => {
    let org = pendingOrgZoom();
    const { calls } = fakeService({
      'GET /api/org/zoom': () => ({ body: org }),
      'DELETE /api/org/zoom/approval-links/current': () => {
        org = orgZoom();
        return { status: 204 };
      },
    });
    renderCard();
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke link' }));
    const confirm = screen.getByRole('region', { name: 'Revoke this approval link?' });
    expect(posted(calls, '/api/org/zoom/approval-links/current', 'DELETE')).toBe(false);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Revoke link' }));
    expect(
      await screen.findByRole('button', { name: 'Connect Zoom for my organization' }),
    ).toBeTruthy();
    expect(posted(calls, '/api/org/zoom/approval-links/current', 'DELETE')).toBe(true);
  });

  it('keeps the link when the admin changes their mind', async () => {
    const { calls } = fakeService({ 'GET /api/org/zoom': { body: pendingOrgZoom() } });
    renderCard();
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke link' }));
    await userEvent.click(screen.getByRole('button', { name: 'Keep link' }));
    expect(screen.queryByRole('region', { name: 'Revoke this approval link?' })).toBeNull();
    expect(screen.getByLabelText('Approval link')).toBeTruthy();
    expect(calls.every((c) => c.method === 'GET')).toBe(true);
  });

  it('says so when the link cannot be revoked', async () => {
    fakeService({
      'GET /api/org/zoom': { body: pendingOrgZoom() },
      'DELETE /api/org/zoom/approval-links/current': apiError(500, 'internal', 'Database down'),
    });
    renderCard();
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke link' }));
    const confirm = screen.getByRole('region', { name: 'Revoke this approval link?' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Revoke link' }));
    expect(await screen.findByText("Couldn't revoke the approval link.")).toBeTruthy();
  });
});

describe('org connection card: a break keeps its notice until a Zoom admin approves', () => {
  it('shows the break and its reason beside a pending reconnect link', async () => {
    const pending = pendingOrgZoom(3).pendingLink;
    fakeService({ 'GET /api/org/zoom': { body: { ...needsReconnect(), pendingLink: pending } } });
    renderCard();
    const banner = await screen.findByRole('alert');
    expect(within(banner).getByText('Zoom needs to be reconnected')).toBeTruthy();
    expect(within(banner).getByText(/no longer a Zoom admin/)).toBeTruthy();
    expect(screen.getByLabelText('Approval link')).toHaveProperty('value', pending?.url);
    // One way to ask again: the link panel's own "Generate a new link".
    expect(screen.queryByRole('button', { name: /Reconnect with a different/ })).toBeNull();
  });

  it('says an unused link expired instead of starting over silently', async () => {
    const expiresAt = new Date(Date.now() - 3_600_000).toISOString();
    fakeService({ 'GET /api/org/zoom': { body: orgZoom({ expiredLink: { expiresAt } }) } });
    renderCard();
    expect(
      await screen.findByText(/The approval link expired on .* before a Zoom admin approved it/),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Connect Zoom for my organization' })).toBeTruthy();
  });
});
