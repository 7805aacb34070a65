import { useAuditLog } from '../lib/extension/pages/org-lifecycle-queries';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { describeAuditEntry } from './audit-wording';
import { ErrorState } from './error-state';
import { LoadingState } from './loading-state';
import { formatDate, formatRelative } from './words';

/** The org's audit trail for owners and admins: who did what to the Zoom connection, and when. */
export function ActivityLog({ session }: { session: StoredSession }) {
  const audit = useAuditLog(session);
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];

  const body = () => {
    if (audit.isPending) return <LoadingState label="Loading activity…" />;
    if (audit.isError && entries.length === 0) {
      return (
        <ErrorState
          title="Couldn't load the activity."
          error={audit.error}
          onRetry={() => void audit.refetch()}
        />
      );
    }
    if (entries.length === 0) {
      return <p className="muted small">No activity yet. Connecting Zoom will show up here.</p>;
    }
    return (
      <ol className="activity-list" aria-label="Activity entries">
        {entries.map((entry) => (
          <li key={entry.id} className="activity-item">
            <span>{describeAuditEntry(entry)}</span>
            <span className="small muted">
              {entry.actor} ·{' '}
              <time dateTime={entry.at} title={formatDate(entry.at)}>
                {formatRelative(entry.at)}
              </time>
            </span>
          </li>
        ))}
      </ol>
    );
  };

  return (
    <section className="card stack" aria-labelledby="activity-heading">
      <h2 id="activity-heading">Activity</h2>
      {body()}
      {audit.isFetchNextPageError && (
        <ErrorState
          title="Couldn't load older activity."
          error={audit.error}
          onRetry={() => void audit.fetchNextPage()}
        />
      )}
      {audit.hasNextPage && !audit.isFetchNextPageError && (
        <div>
          <button
            type="button"
            className="button"
            onClick={() => void audit.fetchNextPage()}
            disabled={audit.isFetchingNextPage}
          >
            {audit.isFetchingNextPage && <span className="spinner" aria-hidden="true" />}
            Show older
          </button>
        </div>
      )}
    </section>
  );
}
