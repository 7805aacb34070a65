import type { OrgZoomSummary } from '../lib/extension/shared/storage-items';
import { formatDate, orgStateLabel } from './words';

/** The org connection at a glance, for admins in the popup. */
export function OrgStatusSummary({ org }: { org: OrgZoomSummary }) {
  const tone =
    org.state === 'active'
      ? 'status-ok'
      : org.state === 'needs_reconnect' || org.state === 'pending_approval'
        ? 'status-warn'
        : 'status-off';
  return (
    <div className="stack">
      <div className="row">
        <strong>Organization Zoom</strong>
        <span className={`status ${tone}`}>{orgStateLabel[org.state]}</span>
      </div>
      {org.state !== 'active' && org.pendingLinkExpiresAt && (
        <span className="small muted">
          Approval link expires {formatDate(org.pendingLinkExpiresAt)}
        </span>
      )}
    </div>
  );
}
