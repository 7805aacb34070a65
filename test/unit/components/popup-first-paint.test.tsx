import { render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PopupFirstPaint } from '@/components/popup-first-paint';
import { meResource, primePopup, restorePopupSnapshot } from '@/lib/extension/pages/member-data';
import { paintsStatus } from '@/lib/extension/pages/page-start';
import { defaultPolicy, Resources } from '@/lib/extension/pages/resource';
import type { PopupSnapshot } from '@/lib/extension/shared/storage-items';
import { fakeService } from '../helpers/fake-service';
import { adminSession, meFor, memberSession, SERVICE_URL } from '../helpers/fixtures';

/**
 * The popup paints what a member opens it for (their Zoom) from one storage read and React alone
 * (entrypoints/popup/main.tsx); the rest of it, with the service client, takes over after.
 */
const connected = meFor(memberSession, {
  status: 'connected',
  type: 'organization',
  reason: null,
  zoomEmail: 'max@acme.test',
  orgState: 'active',
});

function snapshotOf(me = connected, overrides: Partial<PopupSnapshot> = {}): PopupSnapshot {
  return {
    accountId: memberSession.account.id,
    serviceUrl: SERVICE_URL,
    me,
    org: null,
    savedAt: Date.now(),
    ...overrides,
  };
}

describe('popup first paint', () => {
  it("shows the org's name and the member's Zoom from their snapshot", () => {
    const start = [null, memberSession, snapshotOf()] as const;
    expect(paintsStatus([...start])).toBe(true);
    render(<PopupFirstPaint start={[...start]} />);
    expect(screen.getByRole('heading', { name: memberSession.membership.orgName })).toBeTruthy();
    const card = screen.getByRole('region', { name: 'Your Zoom' });
    expect(within(card).getByText('Zoom — Organization')).toBeTruthy();
    expect(within(card).getByText('Connected')).toBeTruthy();
  });

  it("never paints another account's snapshot, or one from another service", () => {
    for (const other of [
      snapshotOf(connected, { accountId: adminSession.account.id }),
      snapshotOf(connected, { serviceUrl: 'https://other.example' }),
    ]) {
      expect(paintsStatus([null, memberSession, other])).toBe(false);
      const { unmount } = render(<PopupFirstPaint start={[null, memberSession, other]} />);
      expect(screen.queryByText('Zoom — Organization')).toBeNull();
      expect(screen.getByRole('status').textContent).toContain('Loading');
      unmount();
    }
  });

  it('is only "Loading…" when nobody is signed in', () => {
    expect(paintsStatus([null, null, snapshotOf()])).toBe(false);
    render(<PopupFirstPaint start={[null, null, snapshotOf()]} />);
    expect(screen.queryByRole('heading')).toBeNull();
    expect(screen.getByRole('status').textContent).toContain('Loading');
  });
});

describe('popup data before its first full render', () => {
  const resources = () => new Resources({ ...defaultPolicy, retry: () => false });

  it("asks for what the snapshot lacks at once, not from the first render's effects", async () => {
    const { calls } = fakeService({ 'GET /api/me': { body: connected } });
    const r = resources();
    primePopup(r, [null, memberSession, null]);
    // Nothing rendered: the request is already out.
    expect(calls.map((c) => c.url.pathname)).toEqual(['/api/me']);
    await waitFor(() => expect(meResource(r, memberSession).get().data).toEqual(connected));
  });

  it('paints a fresh snapshot without asking again', () => {
    const { calls } = fakeService({ 'GET /api/me': { body: connected } });
    const r = resources();
    primePopup(r, [null, memberSession, snapshotOf()]);
    expect(calls).toEqual([]);
    expect(meResource(r, memberSession).get().data).toEqual(connected);
  });

  it('never puts an older snapshot over an answer already shown', () => {
    const r = resources();
    const newer = meFor(memberSession, { reason: 'org_needs_reconnect' });
    meResource(r, memberSession).setData(newer);
    restorePopupSnapshot(r, memberSession, snapshotOf(connected, { savedAt: Date.now() - 60_000 }));
    expect(meResource(r, memberSession).get().data).toEqual(newer);
  });
});
