import type { MemberZoom, OrgRole } from '../lib/contracts/api';
import { myZoomStatusView } from './my-zoom-status-view';

export interface MyZoomStatusProps {
  zoom: MemberZoom;
  /** Who reads it: an owner or admin is told what they can do, not to ask an owner or admin. */
  orgRole: OrgRole;
}

/**
 * The member's active Zoom, or why there is none and what to do (PRODUCT.md §5). The popup's
 * first paint draws the same markup without React (popup-first-paint.ts).
 */
export function MyZoomStatus({ zoom, orgRole }: MyZoomStatusProps) {
  const view = myZoomStatusView(zoom, orgRole);
  return (
    <div className="stack">
      <div className="row">
        <strong>{view.title}</strong>
        <span className={view.connected ? 'status status-ok' : 'status status-off'}>
          {view.connected ? 'Connected' : 'Not connected'}
        </span>
      </div>
      {view.email && <span className="small muted">{view.email}</span>}
      {view.notice && <p className="notice notice-warn">{view.notice}</p>}
      {view.reason && <p className="small">{view.reason}</p>}
      {view.action && <p className="small muted">{view.action}</p>}
    </div>
  );
}
