import type { NotConnectedReason } from '../../lib/domain/effective-connection';

/** Why a member has no Zoom and what to do, in the service's own answers and pages. */
export const notConnectedMessage: Record<NotConnectedReason, string> = {
  org_not_connected:
    "You have no Zoom yet: your organization hasn't connected Zoom. Connect your personal Zoom, or ask an admin.",
  org_pending_approval:
    'Your organization is waiting for a Zoom admin to approve its connection. Connect your personal Zoom meanwhile.',
  org_needs_reconnect:
    "Your organization's Zoom connection needs to be reconnected by an admin. Connect your personal Zoom meanwhile.",
  org_disconnected:
    'Your organization disconnected Zoom. Connect your personal Zoom, or ask an admin.',
  removed_by_member:
    "You removed your organization's Zoom for yourself. Add it back, or connect your personal Zoom.",
  not_in_zoom_account:
    "Your email is not a user of your organization's Zoom account. Ask a Zoom admin to add you, or connect your personal Zoom.",
  email_not_verified:
    "Verify your email to use your organization's Zoom: open the link we emailed you. Meanwhile you can connect your personal Zoom.",
};
