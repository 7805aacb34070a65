/**
 * Every budget of the speed-and-weight work in one place: `npm run bench` prints each figure
 * against these, and test/unit/bundle-budget.test.ts guards the bundle weights with the same
 * numbers. Move a budget only with the measurement that shows why (README, Bench).
 */
export const budgets = {
  /** Popup open → active connection visible, from the cached snapshot: × the bare React page. */
  popupCachedRatio: 1.1,
  /** Options open → first member row with 10,000 members: × the bare React page. */
  optionsFirstRowRatio: 1.5,
  /** Search typed → rows updated, absolute (ms). */
  searchMs: 100,
  /** A stopped service worker → first message answered, absolute (ms). */
  workerWakeMs: 15,
  /** gzip (level 9) of the JS and CSS a page loads, and of background.js (kB, 1000 bytes). */
  bundleKb: { popup: 95, options: 150, background: 20 },
  /** GET /api/me, 10 connections: throughput at least this share of the bare Hono floor. */
  meThroughputShareOfFloor: 0.5,
  /** p99 at a fixed 200 req/s (ms). */
  meP99At200Ms: 10,
  membersP99At200Ms: 20,
  /** The 100,000-member table on PostgreSQL, p95 (ms). */
  memberTablePageP95Ms: 50,
  memberCsvP95Ms: 3000,
} as const;

export type BundleName = keyof typeof budgets.bundleKb;
