import type { MemberRow } from '../../lib/contracts/api';
import type { NotConnectedReason } from '../../lib/domain/effective-connection';
import type { Deps } from '../deps';
import { allMembers, type MembersFilterInput } from './member-table';

/** The member table as CSV (RFC 4180), one line per member, for spreadsheets. */

export const csvHeader = ['Name', 'Email', 'Role', 'Status', 'Type', 'Reason'] as const;

const roleWord = { owner: 'Owner', admin: 'Admin', user: 'Member' } as const;
const reasonWord: Record<NotConnectedReason, string> = {
  org_not_connected: 'The organization has not connected Zoom',
  org_pending_approval: 'Waiting for a Zoom admin to approve',
  org_needs_reconnect: "The organization's Zoom connection needs reconnecting",
  org_disconnected: 'The organization disconnected Zoom',
  removed_by_member: 'Removed the organization connection for themselves',
  not_in_zoom_account: "Not a user of the organization's Zoom account",
  email_not_verified: 'Email not verified yet: cannot use the organization Zoom',
};

/**
 * One field: quoted when it holds a comma, quote or line break. A value a spreadsheet would run
 * as a formula (leading = + - @, or a tab / carriage return) gets a ' in front (OWASP "CSV
 * injection"): member names and emails are typed by the members themselves.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function memberCsvLine(m: MemberRow): string {
  return csvLine([
    m.name,
    m.email,
    roleWord[m.role],
    m.status === 'connected' ? 'Connected' : 'Not connected',
    m.type === 'organization' ? 'Organization' : m.type === 'personal' ? 'Personal' : '',
    m.reason ? reasonWord[m.reason] : '',
  ]);
}

/**
 * The export as text chunks: the header with the first page, then one chunk per page. The first
 * page is read here, before the caller sends a status, so a failing query is still an error
 * response rather than a 200 holding only the header.
 */
export async function membersCsv(
  deps: Deps,
  orgId: string,
  filter: MembersFilterInput,
): Promise<AsyncGenerator<string>> {
  const pages = allMembers(deps, orgId, filter);
  const first = await pages.next();
  return (async function* () {
    yield csvLine(csvHeader) + (first.done ? '' : first.value.map(memberCsvLine).join(''));
    for await (const rows of pages) yield rows.map(memberCsvLine).join('');
  })();
}
