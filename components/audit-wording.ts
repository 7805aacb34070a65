import type { AuditEntry } from '../lib/contracts/api';
import { roleLabel } from './words';

/**
 * One sentence per audit entry (server/domain/audit.ts lists the actions). The actor is the
 * service's label: an email for people, "Zoom <role> <email>" for Zoom users, "Health check" or
 * "Zoom" for the service itself. Unknown actions still read as something, never as nothing.
 */
export function describeAuditEntry(entry: AuditEntry): string {
  const actor = entry.actor;
  const zoomUser = zoomUserIn(entry) ?? actor;
  switch (entry.action) {
    case 'approval_link.requested':
      return `${actor} requested an approval link`;
    case 'approval_link.revoked':
      return `${actor} revoked the approval link`;
    case 'org_connection.approved':
      return `${zoomUser} approved the connection`;
    case 'org_connection.reconnected':
      return `${zoomUser} reconnected the connection`;
    case 'org_connection.approval_refused':
      return `${zoomUser} tried to approve, but isn't a Zoom admin`;
    case 'org_connection.needs_reconnect':
      return `Zoom connection needs reconnecting: ${text(entry, 'reason') ?? 'Zoom refused it'}`;
    case 'org_connection.zoom_problem':
      return `Zoom refused this service's app: ${text(entry, 'reason') ?? 'check its configuration'}`;
    case 'org_connection.zoom_problem_resolved':
      return 'Zoom accepts this service again: the connection works, with no reconnect';
    case 'org_connection.disconnected':
      return text(entry, 'by') === 'zoom'
        ? 'Disconnected in Zoom: the app was removed from the Zoom account'
        : `Disconnected by ${actor}`;
    case 'org.created':
      return `Organization created with ${text(entry, 'owner') ?? 'its first owner'} as owner`;
    case 'org_settings.updated':
      return settingsChanges(entry)
        .map((change) => `${actor} ${change}`)
        .join('; ');
    case 'personal_connection.connected':
      return `Personal Zoom connected: ${text(entry, 'zoomEmail') ?? actor}`;
    case 'personal_connection.disconnected':
      return text(entry, 'reason') === 'Removed in Zoom'
        ? `Personal Zoom removed in Zoom: ${text(entry, 'zoomEmail') ?? 'unknown account'}`
        : `${actor} disconnected personal Zoom ${text(entry, 'zoomEmail') ?? ''}`.trim();
    case 'member.org_connection_removed':
      return `${actor} removed the organization Zoom for themselves`;
    case 'member.org_connection_restored':
      return `${actor} added the organization Zoom back`;
    case 'member.role_changed':
      return `${actor} changed ${text(entry, 'member') ?? 'a member'}'s role from ${role(entry, 'from')} to ${role(entry, 'to')}`;
    case 'member.removed':
      return `${actor} removed ${text(entry, 'member') ?? 'a member'} from the organization${
        text(entry, 'upcomingBookings') ? `; ${text(entry, 'upcomingBookings')}` : ''
      }`;
    case 'invitation.created':
      return `${actor} invited ${text(entry, 'email') ?? 'someone'} as ${role(entry, 'role')}`;
    case 'invitation.revoked':
      return `${actor} revoked the invitation for ${text(entry, 'email') ?? 'someone'}`;
    case 'invitation.accepted':
      return `${text(entry, 'email') ?? actor} joined as ${role(entry, 'role')}`;
    case 'bookings.meetings_moved':
      return text(entry, 'message') ?? 'Upcoming meetings moved';
    case 'member.email_verified':
      return `${text(entry, 'email') ?? actor} verified their email`;
    case 'member.email_changed':
      return `${actor} changed their email to ${text(entry, 'email') ?? 'a new address'}, to be verified`;
    default:
      return `${actor}: ${entry.action}`;
  }
}

function text(entry: AuditEntry, key: string): string | null {
  const value = entry.detail?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

function role(entry: AuditEntry, key: string): string {
  const value = text(entry, key);
  return value && value in roleLabel ? roleLabel[value as keyof typeof roleLabel] : (value ?? '?');
}

/** "zara@acme.test (Zoom Admin)" from the approval's detail, when it has one. */
function zoomUserIn(entry: AuditEntry): string | null {
  const email = text(entry, 'zoomEmail');
  if (!email) return null;
  const zoomRole = text(entry, 'zoomRole');
  return zoomRole ? `${email} (Zoom ${zoomRole})` : email;
}

/** One phrase per setting an `org_settings.updated` entry changed (either or both). */
function settingsChanges(entry: AuditEntry): string[] {
  const changes: string[] = [];
  const removal = entry.detail?.allowMemberRemoval;
  const zoomDefault = entry.detail?.zoomDefaultLocation;
  if (removal === true) changes.push('allowed members to remove the organization connection');
  if (removal === false) changes.push('stopped members from removing the organization connection');
  if (zoomDefault === true) changes.push('made Zoom the default location for new event types');
  if (zoomDefault === false) {
    changes.push('stopped making Zoom the default location for new event types');
  }
  return changes.length > 0 ? changes : ['changed the organization settings'];
}
