/**
 * PostgreSQL's unique_violation (SQLSTATE 23505), whichever driver raised it: drizzle wraps the
 * driver's error and keeps the original, with its `code`, as `cause`.
 */
export function isUniqueViolation(err: unknown): boolean {
  const codeOf = (e: unknown) => (e as { code?: unknown } | null)?.code;
  return codeOf(err) === '23505' || codeOf((err as { cause?: unknown } | null)?.cause) === '23505';
}
