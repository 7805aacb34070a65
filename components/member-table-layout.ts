import type { MemberSort } from '../lib/contracts/api';

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

export const NOT_IN_ZOOM =
  "Zoom doesn't know this email in your organization's Zoom account, so meetings can't be created for them. Add them in Zoom, or they can connect a personal Zoom.";

/**
 * How many rows the table's first render shows from the top, as the virtualizer computes it
 * before any scroll or measurement: those starting inside INITIAL_RECT, plus OVERSCAN.
 */
export function firstRenderRows(count: number): number {
  return Math.min(count, Math.ceil(INITIAL_RECT.height / ROW_HEIGHT) + OVERSCAN);
}
