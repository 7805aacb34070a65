import { scrypt, timingSafeEqual } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * Passwords are hashed with argon2id at the OWASP Password Storage Cheat Sheet's first choice,
 * m=19 MiB, t=2, p=1 (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html).
 * argon2id rather than scrypt at OWASP's N=2^17: the scrypt setting needs 128 MiB per hash, so
 * twenty sign-ins at once hold half a gigabyte; argon2id costs 19 MiB each for the same guidance
 * (README, Passwords, has the measured figures). @node-rs/argon2 ships prebuilt binaries inside
 * its npm packages, so nothing is compiled or downloaded at install.
 *
 * Hashes made before (scrypt N=2^15) still verify; `needsRehash` tells sign-in to store a new one.
 */
// Algorithm is a const enum in the package's types, which this build can't inline: 2 is Argon2id.
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };
const CURRENT_PREFIX = `$argon2id$v=19$m=${ARGON2.memoryCost},t=${ARGON2.timeCost},p=${ARGON2.parallelism}$`;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFKC'), ARGON2);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2id$')) {
    return verify(stored, password.normalize('NFKC')).catch(() => false);
  }
  if (stored.startsWith('scrypt$')) return verifyLegacyScrypt(password, stored);
  return false;
}

/** True when the stored hash is not at today's parameters (an older scheme or weaker setting). */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(CURRENT_PREFIX);
}

// The first scheme: scrypt$N$r$p$salt$key (N=2^15, r=8, p=1), kept only to verify old hashes.
const LEGACY_MAXMEM = 64 * 1024 * 1024;

function verifyLegacyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, key] = stored.split('$');
  if (!n || !r || !p || !salt || !key) return Promise.resolve(false);
  const expected = Buffer.from(key, 'base64url');
  const params = { N: Number(n), r: Number(r), p: Number(p), maxmem: LEGACY_MAXMEM };
  return new Promise((resolve) => {
    scrypt(
      password.normalize('NFKC'),
      Buffer.from(salt, 'base64url'),
      expected.length,
      params,
      (err, actual) =>
        resolve(!err && actual.length === expected.length && timingSafeEqual(actual, expected)),
    );
  });
}
