import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { MemberRow, MemberSort, OrgRole } from '../lib/contracts/api';
import {
  downloadMembersCsv,
  useMemberPages,
  useMembersSummary,
  useRemoveMember,
  useUpdateMemberRole,
} from '../lib/extension/member-queries';
import { useMemberTableStore } from '../lib/extension/member-table-store';
import type { StoredSession } from '../lib/extension/storage-items';
import { ErrorState } from './error-state';
import { LoadingState } from './loading-state';
import { connectionTypeLabel, notConnectedText, roleLabel } from './words';

const ROW_HEIGHT = 41;
const columns: { label: string; sort: MemberSort | null }[] = [
  { label: 'Name', sort: 'name' },
  { label: 'Email', sort: 'email' },
  { label: 'Role', sort: null },
  { label: 'Status', sort: 'status' },
  { label: 'Type', sort: 'type' },
];

const NOT_IN_ZOOM =
  "Zoom doesn't know this email in your organization's Zoom account, so meetings can't be created for them. Add them in Zoom, or they can connect a personal Zoom.";

/** Flagged when Zoom answered 1001 for this member on the org connection (PRODUCT.md §6). */
function NotInZoomFlag() {
  return (
    <span className="status status-warn" title={NOT_IN_ZOOM}>
      Not in Zoom account
      <span className="visually-hidden">: {NOT_IN_ZOOM}</span>
    </span>
  );
}

function StatusCell({ member }: { member: MemberRow }) {
  if (member.status === 'connected') {
    return <span className="status status-ok">Connected</span>;
  }
  if (member.reason === 'not_in_zoom_account') {
    // Zoom answered 1001 on the org connection: a meeting for them would fail.
    return (
      <span className="row-inline">
        <span className="status status-off">Not connected</span>
        <NotInZoomFlag />
      </span>
    );
  }
  const reason = member.reason ? notConnectedText[member.reason].reason : undefined;
  // The reason shows on hover (title) and is read out after the status (visually hidden text).
  return (
    <span className="status status-off" title={reason}>
      Not connected
      {reason && <span className="visually-hidden">: {reason}</span>}
    </span>
  );
}

function Counts({ session }: { session: StoredSession }) {
  const summary = useMembersSummary(session);
  const value = (n: number | undefined) => (n === undefined ? '…' : n.toLocaleString());
  const items = [
    ['Members', summary.data?.members],
    ['Connected through the organization', summary.data?.organization],
    ['Personal', summary.data?.personal],
    ['Not connected', summary.data?.notConnected],
  ] as const;
  return (
    <dl className="member-counts" aria-label="Member counts">
      {items.map(([label, n]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{summary.isError ? '—' : value(n)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Toolbar({ session }: { session: StoredSession }) {
  const store = useMemberTableStore();
  const [exporting, setExporting] = useState<'idle' | 'busy' | 'failed'>('idle');

  const exportCsv = async () => {
    setExporting('busy');
    try {
      await downloadMembersCsv(session, useMemberTableStore.getState());
      setExporting('idle');
    } catch {
      setExporting('failed');
    }
  };

  return (
    <div className="member-toolbar row">
      <label className="field">
        <span>Search members</span>
        <input
          className="input"
          type="search"
          value={store.q}
          placeholder="Name or email"
          maxLength={100}
          // Searches on every key: the service answers in milliseconds, and the request for
          // the previous text is aborted (useMemberPages), so no pause is waited for.
          onChange={(e) => store.setQuery(e.target.value)}
        />
      </label>
      <label className="field">
        <span>Status</span>
        <select
          className="input"
          value={store.status}
          onChange={(e) => store.setStatus(e.target.value as typeof store.status)}
        >
          <option value="">All</option>
          <option value="connected">Connected</option>
          <option value="not_connected">Not connected</option>
        </select>
      </label>
      <label className="field">
        <span>Type</span>
        <select
          className="input"
          value={store.type}
          onChange={(e) => store.setType(e.target.value as typeof store.type)}
        >
          <option value="">All</option>
          <option value="organization">Organization</option>
          <option value="personal">Personal</option>
        </select>
      </label>
      <span className="spacer" />
      <button
        type="button"
        className="button"
        onClick={() => void exportCsv()}
        disabled={exporting === 'busy'}
      >
        {exporting === 'busy' ? 'Exporting…' : 'Export CSV'}
      </button>
      {exporting === 'failed' && (
        <span role="alert" className="small error-text">
          Couldn't export. Try again.
        </span>
      )}
    </div>
  );
}

function MemberActions({ session, member }: { session: StoredSession; member: MemberRow }) {
  const updateRole = useUpdateMemberRole(session);
  const remove = useRemoveMember(session);
  const [confirming, setConfirming] = useState(false);
  const error = updateRole.error ?? remove.error;
  if (confirming) {
    return (
      <span className="row tight">
        <span className="small">Remove {member.name}?</span>
        <button
          type="button"
          className="button button-danger small-button"
          disabled={remove.isPending}
          onClick={() => remove.mutate(member.id, { onSettled: () => setConfirming(false) })}
        >
          Remove
        </button>
        <button type="button" className="button small-button" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <span className="row tight">
      <select
        className="input small-select"
        aria-label={`Role of ${member.name}`}
        value={member.role}
        disabled={updateRole.isPending}
        onChange={(e) =>
          updateRole.mutate({ accountId: member.id, role: e.target.value as OrgRole })
        }
      >
        {(['owner', 'admin', 'user'] as const).map((role) => (
          <option key={role} value={role}>
            {roleLabel[role]}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button small-button"
        aria-label={`Remove ${member.name}`}
        onClick={() => setConfirming(true)}
      >
        Remove
      </button>
      {error && (
        <span role="alert" className="small error-text">
          {error.message}
        </span>
      )}
    </span>
  );
}

/**
 * Every member's Zoom status and Type, paged by the service (keyset cursor) and rendered with a
 * virtualizer: a real <table> whose off-screen rows are replaced by two spacer rows, so screen
 * readers and tests still see table / columnheader / row / cell.
 */
export function MemberTable({ session }: { session: StoredSession }) {
  const filter = useMemberTableStore();
  const members = useMemberPages(session, filter);
  const isOwner = session.membership.role === 'owner';
  const scrollRef = useRef<HTMLDivElement>(null);

  const rows = members.data?.pages.flatMap((page) => page.members) ?? [];
  const total = members.data?.pages[0]?.total ?? 0;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 900, height: 520 },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;

  // Infinite loading: the next page is fetched when the last rows come into view.
  useEffect(() => {
    if (lastIndex >= rows.length - 20 && members.hasNextPage && !members.isFetchingNextPage) {
      void members.fetchNextPage();
    }
  }, [
    lastIndex,
    rows.length,
    members.hasNextPage,
    members.isFetchingNextPage,
    members.fetchNextPage,
  ]);

  const columnCount = isOwner ? 6 : 5;
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  let body: React.ReactNode;
  if (!members.data) {
    body = members.isError ? (
      <ErrorState
        title="Couldn't load the members."
        error={members.error}
        onRetry={() => void members.refetch()}
      />
    ) : (
      <LoadingState label="Loading members…" />
    );
  }

  return (
    <section className="card stack" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      <Counts session={session} />
      <Toolbar session={session} />
      {body ?? (
        <>
          <div className="table-wrap member-scroll" ref={scrollRef}>
            <table aria-label="Members" aria-rowcount={total + 1}>
              <thead>
                <tr>
                  {columns.map((col) => {
                    const sorted = col.sort !== null && filter.sort === col.sort;
                    const ariaSort = sorted
                      ? filter.dir === 'asc'
                        ? 'ascending'
                        : 'descending'
                      : undefined;
                    return (
                      <th key={col.label} scope="col" aria-sort={ariaSort}>
                        {col.sort ? (
                          <button
                            type="button"
                            className={sorted ? `sort-button sorted-${filter.dir}` : 'sort-button'}
                            onClick={() => col.sort && filter.toggleSort(col.sort)}
                          >
                            {col.label}
                          </button>
                        ) : (
                          col.label
                        )}
                      </th>
                    );
                  })}
                  {isOwner && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {padTop > 0 && (
                  // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row for the virtualizer, nothing in it to focus; hidden so it is no "row" to assistive tech.
                  <tr aria-hidden="true">
                    <td colSpan={columnCount} style={{ height: padTop, padding: 0 }} />
                  </tr>
                )}
                {items.map((item) => {
                  const member = rows[item.index] as MemberRow;
                  return (
                    <tr
                      key={member.id}
                      aria-rowindex={item.index + 2}
                      style={{ height: ROW_HEIGHT }}
                    >
                      <td>{member.name}</td>
                      <td>{member.email}</td>
                      <td>{roleLabel[member.role]}</td>
                      <td>
                        <StatusCell member={member} />
                      </td>
                      <td>{member.type ? connectionTypeLabel[member.type] : '—'}</td>
                      {isOwner && (
                        <td>
                          {member.id === session.account.id ? (
                            <span className="small muted">You</span>
                          ) : (
                            <MemberActions session={session} member={member} />
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
                {padBottom > 0 && (
                  // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row for the virtualizer, nothing in it to focus; hidden so it is no "row" to assistive tech.
                  <tr aria-hidden="true">
                    <td colSpan={columnCount} style={{ height: padBottom, padding: 0 }} />
                  </tr>
                )}
              </tbody>
            </table>
            {rows.length === 0 && (
              <p className="empty small muted">
                {filter.q || filter.status || filter.type
                  ? 'No members match this search and filters.'
                  : 'No members yet.'}
              </p>
            )}
          </div>
          <div className="row">
            <span id="members-total" className="small muted" aria-live="polite">
              Showing {rows.length.toLocaleString()} of {total.toLocaleString()}{' '}
              {total === 1 ? 'member' : 'members'}
            </span>
            {members.isFetchingNextPage && <span className="small muted">Loading more…</span>}
          </div>
          {members.isFetchNextPageError && (
            <ErrorState
              title="Couldn't load more members."
              error={members.error}
              onRetry={() => void members.fetchNextPage()}
            />
          )}
        </>
      )}
    </section>
  );
}
