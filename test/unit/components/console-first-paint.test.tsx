import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  consoleFirstView,
  dropFirstPaint,
  paintConsoleFirstView,
} from '@/components/console-first-paint';
import { firstRenderRows } from '@/components/member-table-layout';
import type { MemberRow, MembersResponse } from '@/lib/contracts/api';
import { notConnectedReasons } from '@/lib/domain/effective-connection';
import type { OptionsValues } from '@/lib/extension/pages/page-start';
import { sessionState } from '@/lib/extension/shared/session-state';
import type { KeptMembersPage, StoredSession } from '@/lib/extension/shared/storage-items';
import { adminSession, member, memberSession, SERVICE_URL } from '../helpers/fixtures';

/**
 * The options page's start script paints the console from storage with the DOM alone
 * (console-first-paint.ts) before React and the console have loaded; React then renders the
 * console into the same element. React's first render must be that same markup, or the console
 * would jump as React takes over.
 */
const ownerSession: StoredSession = {
  ...adminSession,
  account: { ...adminSession.account, id: 'acc-owner', name: 'Olga Owner' },
  membership: { ...adminSession.membership, role: 'owner' },
};

function pageOf(members: MemberRow[], total = members.length): MembersResponse {
  return { members, nextCursor: total > members.length ? 'next' : null, total };
}

/** Every kind of row: each status, type and reason, each role, and the reader's own. */
function everyKindOfRow(session: StoredSession): MemberRow[] {
  return [
    member({ id: session.account.id, name: session.account.name, role: session.membership.role }),
    member({ id: 'p', type: 'personal', role: 'admin' }),
    member({ id: 'o', role: 'owner' }),
    ...notConnectedReasons.map((reason) =>
      member({ id: `nc-${reason}`, status: 'not_connected', type: null, reason }),
    ),
    member({ id: 'nc-none', status: 'not_connected', type: null, reason: null }),
  ];
}

function manyRows(count: number): MemberRow[] {
  return Array.from({ length: count }, (_, i) =>
    member({ id: `m-${String(i).padStart(3, '0')}`, name: `Member ${i}` }),
  );
}

function keptFor(session: StoredSession, page: MembersResponse): KeptMembersPage {
  return { accountId: session.account.id, serviceUrl: SERVICE_URL, page, savedAt: Date.now() };
}

function painted(values: OptionsValues): HTMLElement {
  const root = document.createElement('div');
  const view = consoleFirstView(values);
  if (view) paintConsoleFirstView(root, view);
  return root;
}

/**
 * React's first render of the console, as options/app.tsx mounts it, before any answer. On a
 * fresh module graph, as a page has: the console's lazy sections are loaded by its first render,
 * so after one test had loaded them, the next would render them where a page shows "Loading…".
 */
async function reactFirstRender([resolved, stored, kept]: OptionsValues): Promise<HTMLElement> {
  vi.resetModules();
  const { OptionsPage } = await import('@/components/options-page');
  const { QueryProvider } = await import('@/components/query-provider');
  const { primeMemberTable } = await import('@/lib/extension/pages/member-queries');
  const { createQueryClient } = await import('@/lib/extension/pages/queries');
  const { defaultPolicy, Resources } = await import('@/lib/extension/pages/resource');
  const client = createQueryClient();
  const state = sessionState(resolved, stored);
  if (state.status === 'signed_in') primeMemberTable(client, state.session, kept);
  const resources = new Resources({ ...defaultPolicy, retry: () => false });
  const { container } = render(
    <QueryProvider client={client} resources={resources}>
      <OptionsPage start={[resolved, stored]} />
    </QueryProvider>,
  );
  return container;
}

/** React roots a test mounts on a page's own #root, unmounted after it. */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) act(cleanup);
});

beforeEach(() => {
  // Nothing answers: the first render is what is compared.
  vi.stubGlobal(
    'fetch',
    vi.fn(() => new Promise<Response>(() => {})),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe('console first paint (DOM alone)', () => {
  const cases: [string, StoredSession, MembersResponse | null][] = [
    ['an owner, every kind of row', ownerSession, pageOf(everyKindOfRow(ownerSession))],
    ['an admin, every kind of row', adminSession, pageOf(everyKindOfRow(adminSession))],
    ['an owner, a first page of 100 of 10,000', ownerSession, pageOf(manyRows(100), 10_000)],
    ['an admin, one member', adminSession, pageOf(manyRows(1))],
    ['an owner, no members yet', ownerSession, pageOf([])],
    ['an admin, nothing kept', adminSession, null],
  ];

  it.each(cases)('draws what React first renders: %s', async (_name, session, page) => {
    const values: OptionsValues = [null, session, page && keptFor(session, page)];
    const ours = painted(values);
    const react = await reactFirstRender(values);
    expect(ours.innerHTML).not.toBe('');
    expect(ours.innerHTML).toBe(react.innerHTML);
    // Properties the markup does not show: the role each select is set to.
    const selects = (root: HTMLElement) =>
      [...root.querySelectorAll('select')].map((s) => s.value).join();
    expect(selects(ours)).toBe(selects(react));
  });

  it('draws what React first renders for a member (no table), and nothing signed out', async () => {
    const values: OptionsValues = [null, memberSession, null];
    expect(painted(values).innerHTML).toBe((await reactFirstRender(values)).innerHTML);
    expect(painted([null, null, null]).innerHTML).toBe('');
  });

  it('draws only the rows the table first renders, the rest as its spacer', () => {
    const ours = painted([null, ownerSession, keptFor(ownerSession, pageOf(manyRows(100)))]);
    const rows = ours.querySelectorAll('tbody tr[aria-rowindex]');
    expect(rows).toHaveLength(firstRenderRows(100));
    expect(firstRenderRows(100)).toBeLessThan(100);
    expect(rows[0]?.textContent).toContain('Member 0');
  });

  it('puts text in as text: markup in a name or email is shown, never parsed', () => {
    const evil = '<img src=x onerror="alert(1)">';
    const session = { ...ownerSession, membership: { ...ownerSession.membership, orgName: evil } };
    const page = pageOf([member({ id: 'x', name: evil, email: `${evil}@acme.test` })]);
    const ours = painted([null, session, keptFor(session, page)]);
    expect(ours.querySelector('img')).toBeNull();
    expect(ours.textContent).toContain(evil);
  });

  it("never draws another account's kept page, one from another service, or one of the wrong shape", () => {
    const page = pageOf(manyRows(3));
    const wrong: unknown[] = [
      { ...page, total: '3' },
      { ...page, members: [{ ...member({ id: 'a' }), role: 'superuser' }] },
      { ...page, members: [{ ...member({ id: 'a' }), reason: 'because' }] },
      { ...page, members: [{ ...member({ id: 'a' }), name: 7 }] },
      { ...page, members: [{ id: 'a' }] },
      { ...page, members: null },
      null,
    ];
    const kept = [
      { ...keptFor(ownerSession, page), accountId: memberSession.account.id },
      { ...keptFor(ownerSession, page), serviceUrl: 'https://other.example' },
      ...wrong.map((w) => ({ ...keptFor(ownerSession, page), page: w as MembersResponse })),
    ];
    for (const k of kept) {
      const ours = painted([null, ownerSession, k]);
      expect(ours.querySelector('table')).toBeNull();
      expect(ours.textContent).toContain('Loading members…');
    }
  });

  it('is inert until React has rendered the console over it in one go, then live', async () => {
    const { mountOptions } = await import('@/entrypoints/options/app');
    const root = document.createElement('div');
    root.id = 'root';
    document.body.append(root);
    try {
      const values: OptionsValues = [
        null,
        ownerSession,
        keptFor(ownerSession, pageOf(manyRows(3))),
      ];
      const view = consoleFirstView(values);
      if (!view) throw new Error('no view');
      paintConsoleFirstView(root, view);
      expect(root.hasAttribute('inert')).toBe(true);
      const paintedButton = root.querySelector('button');

      // Not inside act(): the page's own call. Live only once React's nodes are in: never the
      // paint's dead controls without inert.
      const react = mountOptions(values);
      cleanups.push(() => react.unmount());
      expect(root.hasAttribute('inert')).toBe(false);
      expect(root.contains(paintedButton)).toBe(false);
      expect(root.querySelectorAll('tbody tr[aria-rowindex]')).toHaveLength(3);
    } finally {
      root.remove();
    }
  });

  it('is taken off, and the page made live, when the console cannot load', () => {
    const root = document.createElement('div');
    const view = consoleFirstView([null, ownerSession, null]);
    if (!view) throw new Error('no view');
    paintConsoleFirstView(root, view);
    dropFirstPaint(root);
    expect(root.innerHTML).toBe('');
    expect(root.hasAttribute('inert')).toBe(false);
  });

  it("leaves the page to React when an administrator's policy URL was refused (React's notice)", () => {
    const resolved = { url: SERVICE_URL, source: 'build' as const, policyRejected: true };
    expect(consoleFirstView([resolved, ownerSession, null])).toBeNull();
  });
});
