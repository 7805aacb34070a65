import type { OrgZoomResponse } from '../lib/contracts/api';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { OrgDisconnect } from './disconnect-dialog';

export interface ReconnectBannerProps {
  session: StoredSession;
  org: OrgZoomResponse;
  /** Absent while a reconnect link is already pending (the link panel offers a new one). */
  onReconnect?: () => void;
  reconnecting: boolean;
}

/**
 * The org connection broke (PRODUCT.md §4.4): the approving Zoom admin was removed or demoted,
 * or Zoom refused the tokens. The fix is a new approval by a Zoom account Owner or Admin: a
 * different one only when the reason says the approver no longer is one, which the reason itself
 * tells (org-health.ts, token-refresh.ts), so the button does not assume it.
 */
export function ReconnectBanner({ session, org, onReconnect, reconnecting }: ReconnectBannerProps) {
  return (
    <div className="banner banner-danger stack" role="alert" aria-labelledby="reconnect-heading">
      <h3 id="reconnect-heading">Zoom needs to be reconnected</h3>
      {org.stateReason && <p className="banner-reason">{org.stateReason}</p>}
      <p className="small">
        Members on the organization connection can't use Zoom until it's reconnected.
        {org.connection && !org.stateReason?.includes(org.connection.zoomEmail) && (
          <>
            {' '}
            It was approved by {org.connection.zoomEmail} (Zoom {org.connection.zoomRole}).
          </>
        )}
      </p>
      <div className="row">
        {onReconnect && (
          <button
            type="button"
            className="button button-primary"
            onClick={onReconnect}
            disabled={reconnecting}
          >
            Reconnect Zoom for my organization
          </button>
        )}
        <OrgDisconnect session={session} />
      </div>
    </div>
  );
}
