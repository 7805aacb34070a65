import { elementScroll, useVirtualizer, type VirtualizerOptions } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { MemberRow } from '../lib/contracts/api';
import {
  downloadMembersCsv,
  useMemberPages,
  useMembersSummary,
} from '../lib/extension/pages/member-queries';
import { useMemberTableStore } from '../lib/extension/pages/member-table-store';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { ErrorState } from './error-state';
import { LoadingState } from './loading-state';
import { MemberActions } from './member-actions';
import {
  memberColumns as columns,
  INITIAL_RECT,
  memberCounts,
  NOT_IN_ZOOM,
  OVERSCAN,
  ROW_HEIGHT,
  statusChoices,
  typeChoices,
} from './member-table-layout';
import { connectionTypeLabel, notConnectedText, roleLabel } from './words';

/**
 * Flagged when Zoom answered 1001 for this member on the org connection (PRODUCT.md §6): not
 * connected, and why, in one pill (two side by side do not fit the Status column). The reason
 * shows on hover and is read out.
 */
function NotInZoomFlag() {
  return (
    <span className="status status-warn" title={NOT_IN_ZOOM}>
      <span className="visually-hidden">Not connected: </span>
      Not in Zoom account
      <span className="visually-hidden">: {NOT_IN_ZOOM}</span>
    </span>
  );
}

/** One line, cut with an ellipsis; the whole text shows on hover and is read out in full. */
function Truncated({ text }: { text: string }) {
  return (
    <span className="truncate" title={text}>
      {text}
    </span>
  );
}

function StatusCell({ member }: { member: MemberRow }) {
  if (member.status === 'connected') {
    return <span className="status status-ok">Connected</span>;
  }
  if (member.reason === 'not_in_zoom_account') {
    // Zoom answered 1001 on the org connection: a meeting for them would fail.
    return <NotInZoomFlag />;
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
  const items = memberCounts.map(([label, field]) => [label, summary.data?.[field]] as const);
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
          {statusChoices.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Type</span>
        <select
          className="input"
          value={store.type}
          onChange={(e) => store.setType(e.target.value as typeof store.type)}
        >
          {typeChoices.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
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

/** The outcome of an action whose control went away (a removed row): focus moves here. */
function FocusedResult({ text }: { text: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <p ref={ref} tabIndex={-1} role="status" className="notice notice-ok small">
      {text}
    </p>
  );
}

/**
 * The scroll box's size from ResizeObserver alone, whose first report comes after layout:
 * `initialRect` stands in until then. The library's default also reads clientHeight at once,
 * which forces a synchronous layout of the whole console inside the commit that puts the first
 * rows on screen (~5 ms in a CPU profile of the options page, README Bench).
 */
const observeAfterLayout: VirtualizerOptions<HTMLDivElement, Element>['observeElementRect'] = (
  instance,
  report,
) => {
  const element = instance.scrollElement;
  if (!element || typeof ResizeObserver === 'undefined') return;
  const observer = new ResizeObserver(() =>
    report({ width: element.clientWidth, height: element.clientHeight }),
  );
  observer.observe(element);
  return () => observer.disconnect();
};

const mountedBoxes = new WeakSet<Element>();

/**
 * Scrolls as the library does, except on mount, when it scrolls a new box to where it already is
 * (its top): that too forced a synchronous layout in the commit that shows the first rows.
 */
const scrollUnlessMounting: VirtualizerOptions<HTMLDivElement, Element>['scrollToFn'] = (
  offset,
  options,
  instance,
) => {
  const element = instance.scrollElement;
  if (element && !mountedBoxes.has(element)) {
    mountedBoxes.add(element);
    if (offset + (options.adjustments ?? 0) === 0) return;
  }
  elementScroll(offset, options, instance);
};

/**
 * Every member's Zoom status and Type, paged by the service (keyset cursor) and rendered with a
 * virtualizer: a real <table> whose off-screen rows are replaced by two spacer rows, so screen
 * readers and tests still see table / columnheader / row / cell.
 */
export function MemberTable({ session }: { session: StoredSession }) {
  const filter = useMemberTableStore();
  const members = useMemberPages(session, filter);
  const summary = useMembersSummary(session);
  const isOwner = session.membership.role === 'owner';
  const [removed, setRemoved] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const rows = members.data?.pages.flatMap((page) => page.members) ?? [];
  // The matches (all of them, loaded or not: the table scrolls through them) of all members.
  const total = members.data?.pages[0]?.total ?? 0;
  const filtered = Boolean(filter.q || filter.status || filter.type);
  const all = filtered ? (summary.data?.members ?? total) : total;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    initialRect: INITIAL_RECT,
    observeElementRect: observeAfterLayout,
    scrollToFn: scrollUnlessMounting,
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
      {removed && (
        <FocusedResult key={removed} text={`${removed} was removed from the organization.`} />
      )}
      <Toolbar session={session} />
      {body ?? (
        <>
          <div className="table-wrap member-scroll" ref={scrollRef}>
            <table className="member-table" aria-label="Members" aria-rowcount={total + 1}>
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
                      <td>
                        <Truncated text={member.name} />
                      </td>
                      <td>
                        <Truncated text={member.email} />
                      </td>
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
                            <MemberActions
                              session={session}
                              member={member}
                              onRemoved={(m) => setRemoved(m.name)}
                            />
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
            {rows.length === 0 &&
              (filtered ? (
                <div className="empty row">
                  <span className="small muted">No members match this search and filters.</span>
                  <button
                    type="button"
                    className="button small-button"
                    onClick={filter.clearFilters}
                  >
                    Clear filters
                  </button>
                </div>
              ) : (
                <p className="empty small muted">No members yet.</p>
              ))}
          </div>
          <div className="row">
            <span id="members-total" className="small muted" aria-live="polite">
              Showing {total.toLocaleString()} of {all.toLocaleString()}{' '}
              {all === 1 ? 'member' : 'members'}
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
