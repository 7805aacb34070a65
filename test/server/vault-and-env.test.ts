import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SANDBOX_ORG_APP, SANDBOX_PERSONAL_APP } from '../../sandbox/seed';
import { createVault } from '../../server/crypto/vault';
import { parseEnv } from '../../server/env';
import { zoomApps } from '../../server/zoom/apps';

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
  const zoomSecrets = {
    ZOOM_ORG_CLIENT_ID: 'org-id',
    ZOOM_ORG_CLIENT_SECRET: 'org-secret',
    ZOOM_PERSONAL_CLIENT_ID: 'personal-id',
    ZOOM_PERSONAL_CLIENT_SECRET: 'personal-secret',
    ZOOM_ORG_WEBHOOK_SECRET: 'org-webhook-secret',
    ZOOM_PERSONAL_WEBHOOK_SECRET: 'personal-webhook-secret',
  };
  const production = {
    ZOOM_OAUTH_URL: 'https://zoom.us/',
    ZOOM_API_URL: 'https://api.zoom.us/v2',
    PUBLIC_URL: 'https://zoom-connect.example.com',
    SMTP_URL: 'smtp://mailer:secret@smtp.example.com:587',
    MAIL_FROM: 'Org Zoom Connect <zoom@example.com>',
    EXTENSION_IDS: 'abcdefghijklmnopabcdefghijklmnop',
    ...zoomSecrets,
  };

  it('runs development on embedded defaults against the sandbox, without demo data unless asked', () => {
    const env = parseEnv({}, 'development');
    expect(env).toMatchObject({
      PORT: 8787,
      PUBLIC_URL: 'http://127.0.0.1:8787',
      ZOOM_OAUTH_URL: 'http://127.0.0.1:8788',
      ZOOM_API_URL: 'http://127.0.0.1:8788/v2',
      SEED_DEMO: false,
      DATA_DIR: '.data',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(parseEnv({ SEED_DEMO: 'true' }, 'development').SEED_DEMO).toBe(true);
  });

  it("fills development in with the sandbox's own apps and Secret Tokens", () => {
    const env = parseEnv({}, 'development');
    expect(zoomApps(env)).toEqual(
      [SANDBOX_ORG_APP, SANDBOX_PERSONAL_APP].map((app) => ({
        kind: app.type === 'admin' ? 'org' : 'personal',
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        webhookSecret: app.webhookSecret,
      })),
    );
  });

  it('points at real Zoom and PostgreSQL by configuration alone', () => {
    const env = parseEnv(
      {
        ...production,
        DATABASE_URL: 'postgres://app:app@db:5432/app',
        TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      },
      'production',
    );
    expect(env.ZOOM_OAUTH_URL).toBe('https://zoom.us');
    expect(env.ZOOM_ORG_WEBHOOK_SECRET).toBe('org-webhook-secret');
    expect(env.SEED_DEMO).toBe(false);
  });

  it('takes nothing from the sandbox in production: one error names every missing variable', () => {
    const error = captureError(() =>
      parseEnv(
        { ZOOM_OAUTH_URL: 'https://zoom.us', DATABASE_URL: 'postgres://db/app' },
        'production',
      ),
    );
    const missing = [
      'ZOOM_API_URL',
      ...Object.keys(zoomSecrets),
      'PUBLIC_URL',
      'SMTP_URL',
      'MAIL_FROM',
      'EXTENSION_IDS',
      'TOKEN_ENCRYPTION_KEY',
    ];
    expect(error.message).toContain(`Missing for production (npm start): ${missing.join(', ')}.`);
    expect(error.message).not.toContain('ZOOM_OAUTH_URL');
  });

  it('reports missing and invalid variables together in production', () => {
    const { ZOOM_ORG_CLIENT_ID: _, ...rest } = production;
    const error = captureError(() => parseEnv({ ...rest, PORT: 'eighty' }, 'production'));
    expect(error.message).toMatch(/Missing for production[^\n]*ZOOM_ORG_CLIENT_ID[\s\S]*PORT/);
  });

  it('refuses the demo org in production', () => {
    expect(() => parseEnv({ ...production, SEED_DEMO: 'true' }, 'production')).toThrow(/SEED_DEMO/);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=' }, 'TOKEN_ENCRYPTION_KEY'],
    [{ EXTENSION_IDS: 'not-an-id' }, 'EXTENSION_IDS'],
    [{ ZOOM_OAUTH_URL: 'ftp://zoom.us' }, 'ZOOM_OAUTH_URL'],
    [{ SMTP_URL: 'http://smtp.example.com' }, 'SMTP_URL'],
    [{ MAIL_FROM: 'nobody' }, 'MAIL_FROM'],
  ])('explains what is wrong with %o in either mode', (source, name) => {
    const wrong = new RegExp(`Invalid configuration[\\s\\S]*${name}`);
    expect(() => parseEnv(source, 'development')).toThrow(wrong);
    expect(() => parseEnv({ ...production, ...source }, 'production')).toThrow(wrong);
  });
});

function captureError(run: () => unknown): Error {
  try {
    run();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}
