import { formatDate } from './words';

interface RefreshableQuery {
  data: unknown;
  isError: boolean;
  dataUpdatedAt: number;
  refetch: () => Promise<unknown>;
}

/**
 * The popup paints the last known state at once; when the service cannot be reached to refresh
 * it, that state is marked as old rather than passed off as current.
 */
export function StaleSnapshotNotice({ queries }: { queries: RefreshableQuery[] }) {
  const stale = queries.filter((q) => q.isError && q.data !== undefined);
  if (stale.length === 0) return null;
  const asOf = Math.min(...stale.map((q) => q.dataUpdatedAt));
  return (
    <div className="notice notice-warn row" role="status">
      <span className="small spacer">
        As of {formatDate(new Date(asOf).toISOString())}, can't reach your organization's service.
      </span>
      <button
        type="button"
        className="link-button small"
        onClick={() => {
          for (const q of stale) void q.refetch();
        }}
      >
        Try again
      </button>
    </div>
  );
}
