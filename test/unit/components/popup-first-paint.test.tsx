import { screen, waitFor, within } from '@testing-library/react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { LoadingState } from '@/components/loading-state';
import { MyZoomStatus } from '@/components/my-zoom-status';
import { firstViewOf } from '@/components/my-zoom-status-view';
import { paintPopupFirstView } from '@/components/popup-first-paint';
import { PopupPage } from '@/components/popup-page';
import { PopupTitle, YourZoomCard } from '@/components/popup-parts';
import { settleFirstView } from '@/components/settle-first-view';
import type { MemberZoom, OrgRole } from '@/lib/contracts/api';
import { notConnectedReasons } from '@/lib/domain/effective-connection';
import { meResource, primePopup, restorePopupSnapshot } from '@/lib/extension/pages/member-data';
import { type PopupValues, popupFirstView } from '@/lib/extension/pages/page-start';
import { defaultPolicy, Resources } from '@/lib/extension/pages/resource';
import { readFirstView, writeFirstView } from '@/lib/extension/shared/first-view-cache';
import { dropRejectedSession, signOut } from '@/lib/extension/shared/session';
import type { PopupSnapshot, StoredSession } from '@/lib/extension/shared/storage-items';
import { fakeService } from '../helpers/fake-service';
import { adminSession, meFor, memberSession, SERVICE_URL } from '../helpers/fixtures';
import { renderWithQuery, signedIn } from '../helpers/render';

/**
 * The popup's start script paints what a member opens it for (their Zoom) with the DOM alone,
 * from the view the last open kept (popup-first-paint.ts, first-view-cache.ts); React and the
 * rest of the popup take over the same element after. The two must draw the same markup.
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

/** The DOM painter's output for `start`. */
function painted(start: PopupValues): HTMLElement {
  const root = document.createElement('div');
  paintPopupFirstView(root, firstViewOf(start));
  return root;
}

/** The same parts as React draws them (popup-page.tsx's first render). */
function reactMarkup(session: StoredSession | null, zoom: MemberZoom | null): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = renderToStaticMarkup(
    <main className="popup">
      {session ? (
        <>
          <PopupTitle orgName={session.membership.orgName} />
          <YourZoomCard>
            {zoom ? (
              <MyZoomStatus zoom={zoom} orgRole={session.membership.role} />
            ) : (
              <LoadingState />
            )}
          </YourZoomCard>
        </>
      ) : (
        <LoadingState />
      )}
    </main>,
  );
  return root;
}

function sessionAs(role: OrgRole): StoredSession {
  return { ...memberSession, membership: { ...memberSession.membership, role } };
}

beforeEach(() => localStorage.clear());

describe('popup first paint (DOM alone)', () => {
  const zooms: [string, Partial<MemberZoom>][] = [
    ['connected, organization', { status: 'connected', type: 'organization', reason: null }],
    [
      'connected, personal, no email',
      { status: 'connected', type: 'personal', reason: null, zoomEmail: null },
    ],
    [
      'organization while the personal one needs reconnecting',
      { status: 'connected', type: 'organization', reason: null, personal: 'needs_reconnect' },
    ],
    ...notConnectedReasons.map(
      (reason) =>
        [`not connected: ${reason}`, { status: 'not_connected', type: null, reason }] as [
          string,
          Partial<MemberZoom>,
        ],
    ),
  ];

  it.each(
    zooms.flatMap(([name, zoom]) =>
      (['user', 'owner'] as const).map((role) => [name, role, zoom] as const),
    ),
  )('draws what React draws: %s, read by a %s', (_name, role, zoomPart) => {
    const session = sessionAs(role);
    const me = meFor(session, zoomPart);
    const ours = painted([null, session, { ...snapshotOf(me), accountId: session.account.id }]);
    const react = reactMarkup(session, me.zoom);
    expect(ours.innerHTML).not.toBe('');
    expect(ours.isEqualNode(react), `${ours.innerHTML}\n---\n${react.innerHTML}`).toBe(true);
  });

  it('draws what React draws with no snapshot ("Loading…" in the card) and signed out', () => {
    const noSnapshot = painted([null, memberSession, null]);
    expect(noSnapshot.isEqualNode(reactMarkup(memberSession, null))).toBe(true);
    const signedOut = painted([null, null, snapshotOf()]);
    expect(signedOut.isEqualNode(reactMarkup(null, null))).toBe(true);
  });

  it('is what the full popup first renders, so taking over changes nothing on screen', () => {
    fakeService({ 'GET /api/me': { body: connected } });
    const start: PopupValues = [null, memberSession, snapshotOf()];
    const ours = painted(start);
    const { container } = renderWithQuery(<PopupPage start={start} />);
    const title = container.querySelector('main > .row');
    // The full card goes on with the member's actions below the status: the status is the same.
    const status = container.querySelector('section[aria-label="Your Zoom"] > :first-child');
    expect(title?.isEqualNode(ours.querySelector('main > .row'))).toBe(true);
    expect(
      status?.isEqualNode(ours.querySelector('section[aria-label="Your Zoom"] > :first-child')),
    ).toBe(true);
  });

  it('puts text in as text: markup in an org name or email is shown, never parsed', () => {
    const session = {
      ...memberSession,
      membership: { ...memberSession.membership, orgName: '<img src=x onerror=alert(1)>' },
    };
    const me = meFor(session, { status: 'connected', type: 'organization', zoomEmail: '<b>x</b>' });
    const root = painted([null, session, snapshotOf(me)]);
    expect(root.querySelector('img, b')).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it("shows the org's name and the member's Zoom from their own snapshot", () => {
    const start: PopupValues = [null, memberSession, snapshotOf()];
    expect(popupFirstView(start)?.me).toEqual(connected);
    const root = document.createElement('div');
    document.body.append(root);
    paintPopupFirstView(root, firstViewOf(start));
    expect(screen.getByRole('heading', { name: memberSession.membership.orgName })).toBeTruthy();
    const card = screen.getByRole('region', { name: 'Your Zoom' });
    expect(within(card).getByText('Zoom — Organization')).toBeTruthy();
    expect(within(card).getByText('Connected')).toBeTruthy();
  });

  it("never takes another account's snapshot, or one from another service", () => {
    for (const other of [
      snapshotOf(connected, { accountId: adminSession.account.id }),
      snapshotOf(connected, { serviceUrl: 'https://other.example' }),
    ]) {
      expect(popupFirstView([null, memberSession, other])?.me).toBeNull();
      const root = painted([null, memberSession, other]);
      expect(root.textContent).not.toContain('Zoom — Organization');
      expect(root.querySelector('[role="status"]')?.textContent).toContain('Loading');
    }
  });
});

describe('the kept first view (localStorage)', () => {
  const start: PopupValues = [null, memberSession, snapshotOf()];

  it('is read back as kept, and not at all when nothing or something else is kept', () => {
    expect(readFirstView()).toBeUndefined();
    writeFirstView(firstViewOf(start));
    expect(readFirstView()).toEqual(firstViewOf(start));
    writeFirstView(null);
    expect(readFirstView()).toBeNull();
    for (const bad of [
      '{',
      '42',
      '"text"',
      '{"accountId":1,"serviceUrl":"u","orgName":"o","zoom":null}',
      '{"accountId":"a","serviceUrl":"u","orgName":"o"}',
      '{"accountId":"a","serviceUrl":"u","orgName":"o","zoom":{"title":"t","connected":"yes"}}',
      '{"accountId":"a","serviceUrl":"u","orgName":"o","zoom":{"title":"t","connected":true,"email":{}}}',
    ]) {
      localStorage.setItem('orgZoomConnect.popupFirstView.v1', bad);
      expect(readFirstView(), bad).toBeUndefined();
    }
  });

  it('is dropped by a sign-out, and by a session the service refused unless a newer one replaced it', async () => {
    fakeService({});
    writeFirstView(firstViewOf(start));
    await signOut(memberSession);
    expect(readFirstView()).toBeNull();

    await signedIn(memberSession);
    writeFirstView(firstViewOf(start));
    await dropRejectedSession('an-older-token');
    expect(readFirstView()).toEqual(firstViewOf(start));
    await dropRejectedSession(memberSession.token);
    expect(readFirstView()).toBeNull();
  });

  it('comes off the screen once storage says otherwise (signed out by the worker), and the truth is kept', () => {
    writeFirstView(firstViewOf(start));
    const root = painted(start);
    settleFirstView(root, [null, null, null]);
    expect(root.innerHTML).toBe('');
    expect(readFirstView()).toBeNull();
  });

  it("comes off for another account's popup, and stays when storage agrees", () => {
    writeFirstView(firstViewOf(start));
    const agrees = painted(start);
    settleFirstView(agrees, start);
    expect(agrees.textContent).toContain('Zoom — Organization');

    const other = { ...adminSession, serviceUrl: SERVICE_URL };
    const root = painted(start);
    settleFirstView(root, [null, other, null]);
    expect(root.innerHTML).toBe('');
    expect(readFirstView()?.accountId).toBe(other.account.id);
  });

  it("is kept by the popup when the member's Zoom is answered, for the next open", async () => {
    const changed = meFor(memberSession, {
      status: 'not_connected',
      type: null,
      reason: 'org_disconnected',
    });
    fakeService({
      'GET /api/me': { body: changed },
      'GET /api/me/alerts': { body: { alerts: [] } },
    });
    await signedIn(memberSession);
    writeFirstView(firstViewOf(start));
    renderWithQuery(<PopupPage start={[null, memberSession, null]} />);
    await waitFor(() =>
      expect(readFirstView()?.zoom?.reason).toBe(
        'Your organization disconnected its Zoom account.',
      ),
    );
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
