import { z } from 'zod/mini';

/**
 * Text PostgreSQL can store exactly as sent. It refuses NUL in `text` ("invalid byte sequence
 * for encoding UTF8: 0x00") and in `jsonb` ("unsupported Unicode escape sequence"), see
 * https://www.postgresql.org/docs/current/datatype-character.html; and a lone UTF-16 surrogate
 * has no UTF-8 form, so the driver would silently store U+FFFD instead. Every free-text field a
 * request carries (body, query, path, webhook) is built from `storableText()`, so such input is
 * a 400 at the boundary instead of a 500 from the database.
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && value.isWellFormed();
}

export const storableText = () =>
  z.string().check(z.refine(isStorableText, 'Contains a character that cannot be stored.'));

/**
 * A token carried in a URL — approval link, invitation, OAuth state (server/crypto/tokens.ts
 * makes them): base64url, 16–128 characters. Its alphabet holds nothing the database refuses.
 */
export const urlToken = () => z.string().check(z.regex(/^[A-Za-z0-9_-]{16,128}$/));
