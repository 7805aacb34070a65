import { hashToken, randomToken } from '../crypto/tokens';

/**
 * The mailed links that work once and expire (email verification, password reset): 256 random
 * bits, stored only as a SHA-256 hash, so a database read gives nobody a working link.
 */
export function newSingleUseToken(
  now: Date,
  ttlMs: number,
): { token: string; tokenHash: string; expiresAt: Date } {
  const token = randomToken();
  return { token, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + ttlMs) };
}

export type SingleUseProblem = 'not_found' | 'used' | 'expired';

/** Why a looked-up token cannot be used now, or null when it can. Used wins over expired. */
export function singleUseProblem(
  row: { usedAt: Date | null; expiresAt: Date } | undefined,
  now: Date,
): SingleUseProblem | null {
  if (!row) return 'not_found';
  if (row.usedAt) return 'used';
  if (row.expiresAt <= now) return 'expired';
  return null;
}
