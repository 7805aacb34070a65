import type { OrgZoomResponse } from '../lib/contracts/api';
import { useCheckOrgZoom } from '../lib/extension/pages/org-lifecycle-queries';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { ErrorState } from './error-state';
import { formatDate, formatRelative } from './words';

export interface OrgHealthCheckProps {
  session: StoredSession;
  org: OrgZoomResponse;
}

/**
 * "Check now" and what the last check found (PRODUCT.md §4.4). A check that finds the connection
 * broken needs no message here: the card itself turns into the reconnect banner.
 */
export function OrgHealthCheck({ session, org }: OrgHealthCheckProps) {
  const check = useCheckOrgZoom(session);
  const result = check.data?.check;

  return (
    <div className="stack">
      <div className="row">
        <button
          type="button"
          className="button"
          onClick={() => check.mutate()}
          disabled={check.isPending}
        >
          {check.isPending && <span className="spinner" aria-hidden="true" />}
          Check now
        </button>
        <span className="small muted" role="status" aria-live="polite">
          {check.isPending
            ? 'Checking the Zoom connection…'
            : org.lastCheckedAt && (
                <>
                  Last checked{' '}
                  <time dateTime={org.lastCheckedAt} title={formatDate(org.lastCheckedAt)}>
                    {formatRelative(org.lastCheckedAt)}
                  </time>
                </>
              )}
        </span>
      </div>
      {!check.isPending && result?.outcome === 'healthy' && (
        <p className="notice notice-ok small">Zoom connection checked just now — working.</p>
      )}
      {!check.isPending && result?.outcome === 'unreachable' && (
        <p className="notice notice-warn small">
          Couldn't reach Zoom to check the connection: {withoutStop(result.message)}. The connection
          is unchanged; try again in a few minutes.
        </p>
      )}
      {!check.isPending && result?.outcome === 'zoom_problem' && (
        <p className="notice notice-warn small">
          Zoom answered, but refused this service's app. The connection and its approval are kept.
        </p>
      )}
      {!check.isPending && !result && org.lastCheckError && !org.zoomProblem && (
        <p className="notice notice-warn small">
          The last check couldn't reach Zoom: {withoutStop(org.lastCheckError)}. The connection is
          unchanged.
        </p>
      )}
      {check.isError && (
        <ErrorState
          title="Couldn't check the Zoom connection."
          error={check.error}
          onRetry={() => check.mutate()}
        />
      )}
    </div>
  );
}

/** Zoom's and the service's messages may or may not end in a full stop; ours adds one. */
function withoutStop(message: string): string {
  return message.trim().replace(/\.+$/, '');
}
