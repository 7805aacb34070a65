import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVault } from '../../server/crypto/vault';
import { parseEnv } from '../../server/env';

describe('token vault (AES-256-GCM)', () => {
  const vault = createVault(randomBytes(32));

  it('round-trips and never contains the plaintext', () => {
    const sealed = vault.seal('zoom-refresh-token-123');
    expect(sealed).not.toContain('zoom-refresh-token-123');
    expect(vault.open(sealed)).toBe('zoom-refresh-token-123');
  });

  it('uses a fresh IV each time', () => {
    expect(vault.seal('same')).not.toBe(vault.seal('same'));
  });

  it('refuses a tampered value', () => {
    const sealed = vault.seal('secret');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => vault.open(parts.join('.'))).toThrow();
  });

  it('refuses a value sealed with another key', () => {
    expect(() => createVault(randomBytes(32)).open(vault.seal('secret'))).toThrow();
  });

  it('refuses a key of the wrong size', () => {
    expect(() => createVault(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('service configuration', () => {
  it('runs on embedded defaults against the sandbox', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 8787,
      PUBLIC_URL: 'http://127.0.0.1:8787',
      ZOOM_OAUTH_URL: 'http://127.0.0.1:8788',
      ZOOM_API_URL: 'http://127.0.0.1:8788/v2',
      SEED_DEMO: true,
      DATA_DIR: '.data',
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('points at real Zoom and PostgreSQL by configuration alone', () => {
    const env = parseEnv({
      ZOOM_OAUTH_URL: 'https://zoom.us/',
      ZOOM_API_URL: 'https://api.zoom.us/v2',
      DATABASE_URL: 'postgres://app:app@db:5432/app',
      PUBLIC_URL: 'https://zoom-connect.example.com',
    });
    expect(env.ZOOM_OAUTH_URL).toBe('https://zoom.us');
    expect(env.SEED_DEMO).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=' }, 'TOKEN_ENCRYPTION_KEY'],
    [{ EXTENSION_IDS: 'not-an-id' }, 'EXTENSION_IDS'],
    [{ ZOOM_OAUTH_URL: 'ftp://zoom.us' }, 'ZOOM_OAUTH_URL'],
  ])('explains what is wrong with %o', (source, name) => {
    expect(() => parseEnv(source)).toThrow(new RegExp(`Invalid configuration[\\s\\S]*${name}`));
  });
});
