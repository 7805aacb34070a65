import type { MemberZoom, OrgRole } from '../lib/contracts/api';
import { type PopupValues, popupFirstView } from '../lib/extension/pages/page-start';
import type { FirstView, ZoomStatusView } from '../lib/extension/shared/first-view-cache';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { connectionTitle, notConnectedAction, notConnectedText } from './words';

/**
 * What the member's Zoom status says (PRODUCT.md §5), apart from how it is drawn: MyZoomStatus
 * draws it with React, and the popup's first paint (popup-first-paint.ts) with the DOM alone,
 * before React has loaded. One decision, two renderers that a test holds to the same markup.
 */
const PERSONAL_NEEDS_RECONNECT_NOTICE =
  "Your personal Zoom needs to be reconnected; meetings use your organization's Zoom meanwhile.";

/** `orgRole`: who reads it; an owner or admin is told what they can do, not to ask one. */
export function myZoomStatusView(zoom: MemberZoom, orgRole: OrgRole): ZoomStatusView {
  if (zoom.status === 'connected' && zoom.type) {
    return {
      title: connectionTitle(zoom.type),
      connected: true,
      email: zoom.zoomEmail || null,
      notice:
        zoom.type === 'organization' && zoom.personal === 'needs_reconnect'
          ? PERSONAL_NEEDS_RECONNECT_NOTICE
          : null,
      reason: null,
      action: null,
    };
  }
  return {
    title: 'Zoom',
    connected: false,
    email: null,
    notice: null,
    reason: zoom.reason ? notConnectedText[zoom.reason].reason : null,
    action: zoom.reason ? notConnectedAction(zoom.reason, orgRole) : null,
  };
}

/** The popup's first view for what storage holds (null: "Loading…"). */
export function firstViewOf(values: PopupValues): FirstView | null {
  const view = popupFirstView(values);
  return view && firstViewFor(view.session, view.me?.zoom ?? null);
}

export function firstViewFor(session: StoredSession, zoom: MemberZoom | null): FirstView {
  return {
    accountId: session.account.id,
    serviceUrl: session.serviceUrl,
    orgName: session.membership.orgName,
    zoom: zoom && myZoomStatusView(zoom, session.membership.role),
  };
}
