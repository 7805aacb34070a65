import type { OrgRole } from '../lib/contracts/api';
import type {
  ConnectionType,
  NotConnectedReason,
  OrgConnectionState,
} from '../lib/domain/effective-connection';

/** UI words in one place; where the seed article has a word for something, it is used here. */

export const connectionTypeLabel: Record<ConnectionType, string> = {
  organization: 'Organization',
  personal: 'Personal',
};

export function connectionTitle(type: ConnectionType): string {
  return `Zoom — ${connectionTypeLabel[type]}`;
}

export const roleLabel: Record<OrgRole, string> = {
  owner: 'Owner',
  admin: 'Admin',
  user: 'Member',
};

export const orgStateLabel: Record<OrgConnectionState, string> = {
  not_connected: 'Not connected',
  pending_approval: 'Waiting for Zoom admin approval',
  active: 'Connected',
  needs_reconnect: 'Needs reconnect',
  disconnected: 'Disconnected',
};

/** Why a member has no Zoom, and what to do about it. */
export const notConnectedText: Record<NotConnectedReason, { reason: string; action: string }> = {
  org_not_connected: {
    reason: "Your organization hasn't connected Zoom yet.",
    action: 'Ask an owner or admin of your organization to connect Zoom for the organization.',
  },
  org_pending_approval: {
    reason: "Your organization's Zoom connection is waiting for a Zoom admin to approve it.",
    action: 'Nothing to do: Zoom works for you as soon as the Zoom admin approves.',
  },
  org_needs_reconnect: {
    reason: "Your organization's Zoom connection stopped working.",
    action:
      'An owner or admin of your organization needs to reconnect it with a Zoom administrator account.',
  },
  org_disconnected: {
    reason: 'Your organization disconnected its Zoom account.',
    action: 'Ask an owner or admin of your organization to connect Zoom again.',
  },
  removed_by_member: {
    reason: "You removed your organization's Zoom connection for yourself.",
    action: "Add the organization's connection back to use Zoom again.",
  },
  not_in_zoom_account: {
    reason: "Zoom says your email is not a user of your organization's Zoom account.",
    action:
      'Ask a Zoom admin of your organization to add you to its Zoom account, then try again, or connect your personal Zoom.',
  },
  email_not_verified: {
    reason: "Verify your email to use your organization's Zoom.",
    action:
      "Open the link we emailed you. Until then meetings cannot be created with your organization's Zoom.",
  },
};

/** What an org owner or admin can do about it themselves: they are the "owner or admin". */
const notConnectedActionForAdmins: Partial<Record<NotConnectedReason, string>> = {
  org_not_connected:
    'Connect Zoom for your organization in the admin console: Integrations & apps → Zoom.',
  org_pending_approval:
    'Send the approval link to a Zoom admin, or approve it yourself if you are one: Integrations & apps → Zoom in the admin console.',
  org_needs_reconnect:
    'Reconnect it in the admin console (Integrations & apps → Zoom): a Zoom account Owner or Admin approves the new link.',
  org_disconnected:
    'Connect Zoom for your organization again in the admin console: Integrations & apps → Zoom.',
};

/** The action line for this reader: members are sent to an owner or admin, who act themselves. */
export function notConnectedAction(reason: NotConnectedReason, role: OrgRole): string {
  const forAdmins = role === 'user' ? undefined : notConnectedActionForAdmins[reason];
  return forAdmins ?? notConnectedText[reason].action;
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

const relativeUnits: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "just now", "5 minutes ago", "yesterday"; past a week the date itself reads better. */
export function formatRelative(iso: string, now = Date.now()): string {
  const ago = now - Date.parse(iso);
  if (ago < 60_000) return 'just now';
  if (ago >= 7 * 86_400_000) return formatDate(iso);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, ms] of relativeUnits) {
    if (ago >= ms) return rtf.format(-Math.floor(ago / ms), unit);
  }
  return 'just now';
}

/** Which of the member's connections created a meeting (PRODUCT.md §6). */
export const meetingViaText: Record<ConnectionType, string> = {
  personal: 'Created with your personal Zoom',
  organization: "Created with your organization's Zoom",
};

export const meetingFellBackText =
  "Your personal Zoom needs reconnecting, so your organization's Zoom was used.";
