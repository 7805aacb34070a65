import type { AlertView } from '../lib/contracts/alerts';
import type { MeResponse } from '../lib/contracts/api';
import { useMyAlerts } from '../lib/extension/pages/member-data';
import { alertTitle } from '../lib/extension/shared/alert-words';
import type { StoredSession } from '../lib/extension/shared/storage-items';

/**
 * The popup's notice of the member's open alerts: their personal Zoom broke (and which Zoom
 * they use now), or the organization's Zoom they rely on is down (and who is fixing it). Org
 * admins see the org's state in the popup already, so they get only their personal one here.
 */
export function MyAlertsNotice({ session, me }: { session: StoredSession; me?: MeResponse }) {
  const alerts = useMyAlerts(session);
  const admin = session.membership.role !== 'user';
  const shown = (alerts.data?.alerts ?? []).filter((a) => {
    if (a.kind === 'personal_broken') return true;
    // Once the member has a working personal Zoom, the org's break no longer reaches them.
    return !admin && me?.zoom.type !== 'personal';
  });
  if (shown.length === 0) return null;
  return (
    <section className="banner banner-warn stack" role="status" aria-label="Alerts">
      {shown.map((alert) => (
        <div key={alert.id} className="stack">
          <h2 className="small">{alertTitle(alert, session.membership.orgName)}</h2>
          <p className="small">{whatItMeans(alert, me)}</p>
        </div>
      ))}
    </section>
  );
}

function whatItMeans(alert: AlertView, me?: MeResponse): string {
  if (alert.kind === 'personal_broken') {
    return me?.zoom.type === 'organization'
      ? `${alert.reason} Meanwhile your meetings use your organization's Zoom.`
      : `${alert.reason} Until then you have no working Zoom.`;
  }
  if (alert.kind === 'org_disconnected') {
    return `${alert.reason}. Connect your personal Zoom to keep creating Zoom meetings.`;
  }
  return "Your organization's owners and admins have been told and are fixing it. Meanwhile you can connect your personal Zoom.";
}
