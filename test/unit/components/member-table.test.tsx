import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemberTable } from '@/components/member-table';
import type { MemberRow } from '@/lib/contracts/api';
import { useMemberTableStore } from '@/lib/extension/pages/member-table-store';
import { apiError, fakeService } from '../helpers/fake-service';
import { adminSession, member } from '../helpers/fixtures';
import { renderWithQuery } from '../helpers/render';

const summary = { members: 4, organization: 2, personal: 1, notConnected: 1 };
const rows: MemberRow[] = [
  member({ id: 'a', name: 'Ann Org', type: 'organization' }),
  member({ id: 'b', name: 'Bob Personal', type: 'personal' }),
  member({
    id: 'c',
    name: 'Cy Removed',
    status: 'not_connected',
    type: null,
    reason: 'removed_by_member',
  }),
];

// happy-dom lays nothing out: give the virtualizer's scroll box a size so rows render.
const sizes = ['clientHeight', 'clientWidth', 'offsetHeight', 'offsetWidth'] as const;
beforeEach(() => {
  for (const prop of sizes) {
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => 600 });
  }
  useMemberTableStore.getState().reset();
});
afterEach(() => {
  for (const prop of sizes)
    delete (HTMLElement.prototype as unknown as Record<string, unknown>)[prop];
});

function serve(
  pages: (url: URL) => { members: MemberRow[]; nextCursor: string | null; total: number },
) {
  return fakeService({
    'GET /api/org/members': ({ url }) => ({ body: pages(url) }),
    'GET /api/org/members/summary': { body: summary },
  });
}

describe('member table', () => {
  it('forces no layout while the first rows are committed: no size read, no scroll to the top it is at', async () => {
    const sizeReads = vi.fn();
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      get(this: HTMLElement) {
        if (this.classList.contains('member-scroll')) sizeReads();
        return 600;
      },
    });
    const scrolls = vi.fn();
    Object.defineProperty(HTMLElement.prototype, 'scrollTo', {
      configurable: true,
      value: scrolls,
    });
    const observers: ((entries: unknown[]) => void)[] = [];
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(callback: (entries: unknown[]) => void) {
          observers.push(callback);
        }
        observe() {}
        disconnect() {}
      },
    );
    try {
      serve(() => ({ members: rows, nextCursor: null, total: 3 }));
      renderWithQuery(<MemberTable session={adminSession} />);
      const table = await screen.findByRole('table', { name: 'Members' });
      expect(within(table).getByText('Ann Org')).toBeTruthy();
      expect(sizeReads).not.toHaveBeenCalled();
      expect(scrolls).not.toHaveBeenCalled();
      // The box's size comes from ResizeObserver, after the browser has laid the page out.
      act(() => {
        for (const report of observers) report([]);
      });
      expect(sizeReads).toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
      delete (HTMLElement.prototype as unknown as Record<string, unknown>).scrollTo;
    }
  });

  it('shows loading, then rows with status, type and the not-connected reason', async () => {
    serve(() => ({ members: rows, nextCursor: null, total: 3 }));
    renderWithQuery(<MemberTable session={adminSession} />);
    expect(screen.getByText('Loading members…')).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Members' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Name', 'Email', 'Role', 'Status', 'Type']);
    const row = (name: string) => within(table).getByText(name).closest('tr') as HTMLElement;
    expect(within(row('Ann Org')).getByText('Organization')).toBeTruthy();
    expect(within(row('Bob Personal')).getByText('Personal')).toBeTruthy();
    const status = within(row('Cy Removed')).getByText('Not connected');
    expect(status.getAttribute('title')).toBe(
      "You removed your organization's Zoom connection for yourself.",
    );
    // Screen readers hear the reason too.
    expect(status.textContent).toContain("You removed your organization's Zoom connection");
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 3);
    expect(screen.getByText('Showing 3 of 3 members')).toBeTruthy();
  });

  it('flags a member Zoom does not know in the organization account', async () => {
    serve(() => ({
      members: [
        member({
          id: 'dee',
          name: 'Dee Missing',
          status: 'not_connected',
          type: null,
          reason: 'not_in_zoom_account',
          zoomUserMissing: true,
        }),
        member({ id: 'eve', name: 'Eve Fine' }),
      ],
      nextCursor: null,
      total: 2,
    }));
    renderWithQuery(<MemberTable session={adminSession} />);
    const table = await screen.findByRole('table', { name: 'Members' });
    const row = (name: string) => within(table).getByText(name).closest('tr') as HTMLElement;
    const flag = within(row('Dee Missing')).getByText('Not in Zoom account');
    expect(flag.getAttribute('title')).toMatch(/meetings can't be created for them/);
    // Never "Connected" beside "Not in Zoom account": a meeting for them would fail. One pill,
    // read out as not connected, and why.
    expect(within(row('Dee Missing')).queryByText('Connected')).toBeNull();
    expect(row('Dee Missing').querySelectorAll('.status')).toHaveLength(1);
    expect(flag.textContent).toMatch(
      /^Not connected: Not in Zoom account: Zoom doesn't know this email/,
    );
    expect(within(row('Eve Fine')).queryByText('Not in Zoom account')).toBeNull();
  });

  it('shows the counts at the top', async () => {
    serve(() => ({ members: rows, nextCursor: null, total: 3 }));
    renderWithQuery(<MemberTable session={adminSession} />);
    const list = screen.getByLabelText('Member counts');
    await waitFor(() =>
      expect(
        within(list).getByText('Connected through the organization').nextSibling?.textContent,
      ).toBe('2'),
    );
    expect(within(list).getByText('Members').nextSibling?.textContent).toBe('4');
    expect(within(list).getByText('Personal').nextSibling?.textContent).toBe('1');
    expect(within(list).getByText('Not connected').nextSibling?.textContent).toBe('1');
  });

  it('says so when nothing matches', async () => {
    serve(() => ({ members: [], nextCursor: null, total: 0 }));
    renderWithQuery(<MemberTable session={adminSession} />);
    expect(await screen.findByText('No members yet.')).toBeTruthy();
  });

  it('offers Clear filters when a search finds nobody, and it brings everyone back', async () => {
    serve((url) =>
      url.searchParams.get('q')
        ? { members: [], nextCursor: null, total: 0 }
        : { members: rows, nextCursor: null, total: 3 },
    );
    renderWithQuery(<MemberTable session={adminSession} />);
    await screen.findByText('Ann Org');
    await userEvent.type(screen.getByLabelText('Search members'), 'zed');
    expect(await screen.findByText('No members match this search and filters.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByText('Ann Org')).toBeTruthy();
    expect((screen.getByLabelText('Search members') as HTMLInputElement).value).toBe('');
  });

  it('counts the matches against all members: Showing N of M', async () => {
    serve((url) =>
      url.searchParams.get('type') === 'personal'
        ? { members: [rows[1] as MemberRow], nextCursor: null, total: 1 }
        : { members: rows, nextCursor: 'next', total: 4 },
    );
    renderWithQuery(<MemberTable session={adminSession} />);
    await screen.findByText('Ann Org');
    // The table scrolls through every match: all 4, though 3 are loaded so far.
    expect(screen.getByText('Showing 4 of 4 members')).toBeTruthy();
    await userEvent.selectOptions(screen.getByLabelText('Type'), 'personal');
    expect(await screen.findByText('Showing 1 of 4 members')).toBeTruthy();
  });

  it('cuts long names and emails short, with the full text on hover', async () => {
    const long = member({
      id: 'l',
      name: 'Maximiliana Wilhelmina Montgomery-Featherstonehaugh',
      email: 'maximiliana.wilhelmina.montgomery-featherstonehaugh@acme.test',
    });
    serve(() => ({ members: [long], nextCursor: null, total: 1 }));
    renderWithQuery(<MemberTable session={adminSession} />);
    const name = await screen.findByText(long.name);
    expect(name.className).toContain('truncate');
    expect(name.getAttribute('title')).toBe(long.name);
    const email = screen.getByText(long.email);
    expect(email.className).toContain('truncate');
    expect(email.getAttribute('title')).toBe(long.email);
  });

  it('shows an error with Retry when the members cannot load', async () => {
    fakeService({
      'GET /api/org/members': apiError(500, 'internal', 'Something went wrong on our side.'),
      'GET /api/org/members/summary': { body: summary },
    });
    renderWithQuery(<MemberTable session={adminSession} />);
    expect(await screen.findByText("Couldn't load the members.")).toBeTruthy();
    expect(screen.getByRole('button', { name: /Retry|Try again/ })).toBeTruthy();
  });

  it('searches and filters on the server', async () => {
    const { calls } = serve((url) =>
      url.searchParams.get('type') === 'personal'
        ? { members: [rows[1] as MemberRow], nextCursor: null, total: 1 }
        : { members: rows, nextCursor: null, total: 3 },
    );
    renderWithQuery(<MemberTable session={adminSession} />);
    await screen.findByText('Ann Org');
    await userEvent.selectOptions(screen.getByLabelText('Type'), 'personal');
    await waitFor(() => expect(screen.queryByText('Ann Org')).toBeNull());
    expect(screen.getByText('Bob Personal')).toBeTruthy();
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'connected');
    await userEvent.type(screen.getByLabelText('Search members'), 'bob');
    await waitFor(() => {
      const last = calls.filter((c) => c.url.pathname === '/api/org/members').at(-1);
      expect(Object.fromEntries(last?.url.searchParams ?? [])).toMatchObject({
        q: 'bob',
        status: 'connected',
        type: 'personal',
        sort: 'name',
        dir: 'asc',
      });
    });
  });

  it('searches at once and aborts the request for the previous text', async () => {
    const { fetchMock } = serve((url) => ({
      members: url.searchParams.get('q') === 'bo' ? [rows[1] as MemberRow] : rows,
      nextCursor: null,
      total: 3,
    }));
    const searches = new Map<string, AbortSignal | undefined>();
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      const q = url.searchParams.get('q');
      if (url.pathname !== '/api/org/members' || q === null) return fetchMock(input, init);
      searches.set(q, init?.signal ?? undefined);
      // The search for "b" never answers on its own: only an abort ends it.
      if (q === 'b') {
        return new Promise<Response>((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        );
      }
      return fetchMock(input, init);
    });
    renderWithQuery(<MemberTable session={adminSession} />);
    await screen.findByText('Ann Org');

    await userEvent.type(screen.getByLabelText('Search members'), 'b');
    await waitFor(() => expect(searches.has('b')).toBe(true));
    await userEvent.type(screen.getByLabelText('Search members'), 'o');
    await waitFor(() => expect(screen.queryByText('Ann Org')).toBeNull());
    expect(screen.getByText('Bob Personal')).toBeTruthy();
    expect(searches.get('b')?.aborted).toBe(true);
    expect(searches.get('bo')?.aborted).toBe(false);
  });

  it('sorts by a column header and flips the direction on a second click', async () => {
    const { calls } = serve(() => ({ members: rows, nextCursor: null, total: 3 }));
    renderWithQuery(<MemberTable session={adminSession} />);
    await screen.findByText('Ann Org');
    const nameHeader = screen.getByRole('columnheader', { name: /Name/ });
    expect(nameHeader.getAttribute('aria-sort')).toBe('ascending');
    await userEvent.click(screen.getByRole('button', { name: /Type/ }));
    const typeHeader = screen.getByRole('columnheader', { name: /Type/ });
    expect(typeHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(nameHeader.getAttribute('aria-sort')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: /Type/ }));
    expect(typeHeader.getAttribute('aria-sort')).toBe('descending');
    await waitFor(() => {
      const last = calls.filter((c) => c.url.pathname === '/api/org/members').at(-1);
      expect(last?.url.searchParams.get('sort')).toBe('type');
      expect(last?.url.searchParams.get('dir')).toBe('desc');
    });
  });

  it('loads the next page when the last rows come into view', async () => {
    const { calls } = serve((url) =>
      url.searchParams.get('cursor') === 'next-1'
        ? { members: [member({ id: 'd', name: 'Dee Last' })], nextCursor: null, total: 4 }
        : { members: rows, nextCursor: 'next-1', total: 4 },
    );
    renderWithQuery(<MemberTable session={adminSession} />);
    expect(await screen.findByText('Dee Last')).toBeTruthy();
    expect(calls.some((c) => c.url.searchParams.get('cursor') === 'next-1')).toBe(true);
    expect(screen.getByText('Showing 4 of 4 members')).toBeTruthy();
  });

  it('exports the current filter as CSV with the bearer token', async () => {
    const { calls } = serve(() => ({ members: rows, nextCursor: null, total: 3 }));
    const created: string[] = [];
    URL.createObjectURL = (blob: Blob) => {
      created.push(blob.type);
      return 'blob:members';
    };
    URL.revokeObjectURL = () => {};
    renderWithQuery(<MemberTable session={adminSession} />);
    await screen.findByText('Ann Org');
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'not_connected');
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() =>
      expect(calls.some((c) => c.url.pathname === '/api/org/members.csv')).toBe(true),
    );
    const csv = calls.find((c) => c.url.pathname === '/api/org/members.csv');
    expect(csv?.url.searchParams.get('status')).toBe('not_connected');
    expect(csv?.headers.get('authorization')).toBe(`Bearer ${adminSession.token}`);
  });

  const owner = {
    ...adminSession,
    membership: { ...adminSession.membership, role: 'owner' as const },
  };
  const ownerService = () =>
    fakeService({
      'GET /api/org/members': { body: { members: rows, nextCursor: null, total: 3 } },
      'GET /api/org/members/summary': { body: summary },
      'PATCH /api/org/members/a': { body: { id: 'a', role: 'admin' } },
      'DELETE /api/org/members/c': { status: 204 },
      'GET /api/org/members/c/bookings': { body: { total: 0, zoomMeetings: 0, bookings: [] } },
    });

  it('asks in a dialog before changing a role, and changes nothing on Cancel', async () => {
    const { calls } = ownerService();
    renderWithQuery(<MemberTable session={owner} />);
    await screen.findByText('Ann Org');
    await userEvent.selectOptions(screen.getByLabelText('Role of Ann Org'), 'admin');
    const dialog = screen.getByRole('dialog', { name: 'Make Ann Org an Admin?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);
    expect((screen.getByLabelText('Role of Ann Org') as HTMLSelectElement).value).toBe('user');

    await userEvent.selectOptions(screen.getByLabelText('Role of Ann Org'), 'admin');
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Change role' }),
    );
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ role: 'admin' });
  });

  it('asks in a dialog before Remove, then puts focus on the result', async () => {
    const { calls } = ownerService();
    renderWithQuery(<MemberTable session={owner} />);
    await screen.findByText('Ann Org');
    await userEvent.click(screen.getByRole('button', { name: 'Remove Cy Removed' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove Cy Removed?' });
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await within(dialog).findByText('They have no upcoming bookings.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
    const result = await screen.findByText('Cy Removed was removed from the organization.');
    await waitFor(() => expect(document.activeElement).toBe(result));
  });

  it('offers admins no role changes', async () => {
    serve(() => ({ members: rows, nextCursor: null, total: 3 }));
    renderWithQuery(<MemberTable session={adminSession} />);
    await screen.findByText('Ann Org');
    expect(screen.queryByLabelText('Role of Ann Org')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Remove/ })).toBeNull();
  });
});
