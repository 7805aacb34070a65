const codeOf = (e: unknown) => (e as { code?: unknown } | null)?.code;

/** The SQLSTATE of a database error, whichever driver raised it: drizzle wraps the driver's
 * error and keeps the original, with its `code`, as `cause`. */
function sqlState(err: unknown): unknown {
  return codeOf(err) ?? codeOf((err as { cause?: unknown } | null)?.cause);
}

/** PostgreSQL's unique_violation (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  return sqlState(err) === '23505';
}

/** PostgreSQL's exclusion_violation (SQLSTATE 23P01): e.g. two bookings of one host overlap. */
export function isExclusionViolation(err: unknown): boolean {
  return sqlState(err) === '23P01';
}
