import type { AlertView } from '../lib/contracts/alerts';
import { useOrgAlerts } from '../lib/extension/pages/alert-queries';
import { alertTitle } from '../lib/extension/shared/alert-words';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { ErrorState } from './error-state';
import { LoadingState } from './loading-state';
import { formatDate, formatRelative } from './words';

/** The org's recent alerts for owners and admins: what broke, when, and how it ended. */
export function OrgAlerts({ session }: { session: StoredSession }) {
  const alerts = useOrgAlerts(session);
  const orgName = session.membership.orgName;

  const body = () => {
    if (alerts.isPending) return <LoadingState label="Loading alerts…" />;
    if (alerts.isError) {
      return (
        <ErrorState
          title="Couldn't load the alerts."
          error={alerts.error}
          onRetry={() => void alerts.refetch()}
        />
      );
    }
    if (alerts.data.alerts.length === 0) {
      return (
        <p className="muted small">
          No alerts. If Zoom stops working for {orgName}, owners and admins are told here and by
          email.
        </p>
      );
    }
    return (
      <ol className="activity-list" aria-label="Recent alerts">
        {alerts.data.alerts.map((alert) => (
          <AlertItem key={alert.id} alert={alert} orgName={orgName} />
        ))}
      </ol>
    );
  };

  return (
    <section className="card stack" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">Alerts</h2>
      {body()}
    </section>
  );
}

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDate(iso)}>
      {formatRelative(iso)}
    </time>
  );
}

function AlertItem({ alert, orgName }: { alert: AlertView; orgName: string }) {
  return (
    <li className="activity-item">
      <span>
        <strong>{alert.resolvedAt ? 'Resolved' : 'Open'}:</strong> {alertTitle(alert, orgName)}
      </span>
      <span className="small">{alert.reason}</span>
      <span className="small muted">
        Opened <When iso={alert.openedAt} />
        {alert.resolvedAt && (
          <>
            {' '}
            · resolved <When iso={alert.resolvedAt} />
            {alert.resolution ? `: ${alert.resolution}` : ''}
          </>
        )}
      </span>
    </li>
  );
}
