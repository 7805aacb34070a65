import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM sealing for Zoom tokens and PKCE verifiers at rest. Output:
 * `v1.<iv>.<tag>.<ciphertext>` (base64url). The version prefix leaves room for key rotation.
 */
export interface Vault {
  seal(plaintext: string): string;
  open(sealed: string): string;
  /**
   * A stable, keyed fingerprint of a value that must be looked up but not kept (an email or a
   * client address as a rate-limit key): HMAC-SHA-256 under a key derived from the vault's, so
   * a copy of the database alone cannot be matched against a list of addresses.
   */
  fingerprint(value: string): string;
}

export function createVault(key: Buffer): Vault {
  if (key.length !== 32) throw new Error('The token encryption key must be 32 bytes');
  // A key of its own (HKDF, RFC 5869), so fingerprints and sealing never share key material.
  const fingerprintKey = Buffer.from(hkdfSync('sha256', key, '', 'ozc fingerprint v1', 32));
  return {
    fingerprint(value) {
      return createHmac('sha256', fingerprintKey).update(value).digest('base64url');
    },
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv, tag, body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined) {
        throw new Error('Unrecognized sealed value');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}
