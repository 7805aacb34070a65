import type { MemberZoom, OrgRole } from '../lib/contracts/api';
import { connectionTitle, notConnectedAction, notConnectedText } from './words';

export interface MyZoomStatusProps {
  zoom: MemberZoom;
  /** Who reads it: an owner or admin is told what they can do, not to ask an owner or admin. */
  orgRole: OrgRole;
}

/** The member's active Zoom, or why there is none and what to do (PRODUCT.md §5). */
export function MyZoomStatus({ zoom, orgRole }: MyZoomStatusProps) {
  if (zoom.status === 'connected' && zoom.type) {
    return (
      <div className="stack">
        <div className="row">
          <strong>{connectionTitle(zoom.type)}</strong>
          <span className="status status-ok">Connected</span>
        </div>
        {zoom.zoomEmail && <span className="small muted">{zoom.zoomEmail}</span>}
        {zoom.type === 'organization' && zoom.personal === 'needs_reconnect' && (
          <p className="notice notice-warn">
            Your personal Zoom needs to be reconnected; meetings use your organization's Zoom
            meanwhile.
          </p>
        )}
      </div>
    );
  }
  const text = zoom.reason ? notConnectedText[zoom.reason] : null;
  return (
    <div className="stack">
      <div className="row">
        <strong>Zoom</strong>
        <span className="status status-off">Not connected</span>
      </div>
      {text && <p className="small">{text.reason}</p>}
      {zoom.reason && <p className="small muted">{notConnectedAction(zoom.reason, orgRole)}</p>}
    </div>
  );
}
