import { hash, randomBytes, randomUUID } from 'node:crypto';

/** 256 random bits, URL-safe: for session tokens, approval links and OAuth state. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Tokens are high-entropy, so a plain SHA-256 is the right at-rest form (no salt needed).
 * One-shot `hash()`: every /api request hashes its bearer token, and a `createHash()` object
 * costs more than the digest.
 */
export function hashToken(token: string): string {
  return hash('sha256', token, 'base64url');
}

export function newId(): string {
  return randomUUID();
}
