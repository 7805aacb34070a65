import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OrgConnectionCard } from '@/components/org-connection-card';
import { authFlowItem } from '@/lib/extension/shared/storage-items';
import { fakeService } from '../helpers/fake-service';
import { activeOrgZoom, adminSession, flowResult, pendingOrgZoom } from '../helpers/fixtures';
import { renderWithQuery } from '../helpers/render';

/**
 * Issue 9, "Stale screens": the console waiting on a link learns of the approval without a
 * reload, whether the Zoom admin approved in another browser (the console asks again while
 * pending) or in this one through the extension (the background's end of the flow reaches it).
 */
function serviceWhere(approved: { now: boolean }) {
  return fakeService({
    'GET /api/org/zoom': () => ({ body: approved.now ? activeOrgZoom() : pendingOrgZoom() }),
  });
}

describe('the open console while a link is pending', () => {
  it('shows an approval made in another browser without a reload', async () => {
    const approved = { now: false };
    serviceWhere(approved);
    renderWithQuery(<OrgConnectionCard session={adminSession} />);
    expect(await screen.findByText('Waiting for Zoom admin approval')).toBeTruthy();
    approved.now = true;
    expect(await screen.findByText('zoe@acme-zoom.test', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByText('Waiting for Zoom admin approval')).toBeNull();
  });

  it('refreshes as soon as the background ends an approval flow it ran', async () => {
    // A reconnect: nothing is pending, so the console does not ask again by itself.
    const approved = { now: false };
    fakeService({
      'GET /api/org/zoom': () => ({
        body: approved.now
          ? activeOrgZoom()
          : { ...activeOrgZoom(), state: 'needs_reconnect', stateReason: 'Removed in Zoom' },
      }),
    });
    renderWithQuery(<OrgConnectionCard session={adminSession} />);
    expect(await screen.findByText('Removed in Zoom')).toBeTruthy();
    approved.now = true;
    await authFlowItem.setValue({
      kind: 'org',
      linkToken: 'tok',
      phase: 'finished',
      startedAt: Date.now(),
      state: 'st',
      result: flowResult(),
      error: null,
    });
    await waitFor(() => expect(screen.queryByText('Removed in Zoom')).toBeNull());
    expect(screen.getByText('zoe@acme-zoom.test')).toBeTruthy();
  });
});
