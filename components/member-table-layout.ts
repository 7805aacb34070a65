import type { MemberSort, MembersSummary, OrgRole } from '../lib/contracts/api';
import type { MemberTableFilter } from '../lib/extension/pages/members-path';

/**
 * The member table's layout, apart from React: MemberTable (member-table.tsx) renders it, and the
 * console's first paint (console-first-paint.ts) draws the same rows before React has loaded.
 */

export const ROW_HEIGHT = 41;
/** Rows rendered beyond the visible ones, each way. */
export const OVERSCAN = 12;
/** The scroll box's size until ResizeObserver reports it (its max-height in console.css). */
export const INITIAL_RECT = { width: 900, height: 520 };

export const memberColumns: { label: string; sort: MemberSort | null }[] = [
  { label: 'Name', sort: 'name' },
  { label: 'Email', sort: 'email' },
  { label: 'Role', sort: null },
  { label: 'Status', sort: 'status' },
  { label: 'Type', sort: 'type' },
];

/** The counts above the table, in order, and the summary field each shows. */
export const memberCounts: [label: string, field: keyof MembersSummary][] = [
  ['Members', 'members'],
  ['Connected through the organization', 'organization'],
  ['Personal', 'personal'],
  ['Not connected', 'notConnected'],
];

/** The toolbar's two filters: each choice's value and words. */
export const statusChoices: [MemberTableFilter['status'], string][] = [
  ['', 'All'],
  ['connected', 'Connected'],
  ['not_connected', 'Not connected'],
];
export const typeChoices: [MemberTableFilter['type'], string][] = [
  ['', 'All'],
  ['organization', 'Organization'],
  ['personal', 'Personal'],
];

/** The roles an owner can give, in the order the role select lists them. */
export const memberRoles: readonly OrgRole[] = ['owner', 'admin', 'user'];

export const NOT_IN_ZOOM =
  "Zoom doesn't know this email in your organization's Zoom account, so meetings can't be created for them. Add them in Zoom, or they can connect a personal Zoom.";

/**
 * How many rows the table's first render shows from the top, as the virtualizer computes it
 * before any scroll or measurement: those starting inside INITIAL_RECT, plus OVERSCAN.
 */
export function firstRenderRows(count: number): number {
  return Math.min(count, Math.ceil(INITIAL_RECT.height / ROW_HEIGHT) + OVERSCAN);
}
