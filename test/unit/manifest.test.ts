import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEV_EXTENSION_ID,
  DEV_PUBLIC_KEY,
  extensionBuildConfig,
} from '@/lib/extension/shared/build-config';
import config from '@/wxt.config';

type ManifestFn = () => Record<string, unknown>;
const manifest = () => (config.manifest as ManifestFn)();

afterEach(() => vi.unstubAllEnvs());

describe('extension manifest', () => {
  it('asks only for the permissions it uses, and only the service as host', () => {
    vi.stubEnv('WXT_SERVICE_URL', 'https://zoom-connect.example.com');
    const m = manifest();
    expect(m.permissions).toEqual(['storage', 'identity', 'alarms']);
    // Asked for from a click in the options page, never at install.
    expect(m.optional_permissions).toEqual(['notifications']);
    expect(m.host_permissions).toEqual(['https://zoom-connect.example.com/*']);
    expect(m.externally_connectable).toEqual({
      ids: [],
      matches: ['https://zoom-connect.example.com/*'],
    });
    expect(m).not.toHaveProperty('content_scripts');
  });

  it('pins the dev id with `key` in local builds and leaves it out of store builds', () => {
    expect(manifest().key).toBe(DEV_PUBLIC_KEY);
    vi.stubEnv('WXT_STORE_BUILD', 'true');
    expect(manifest()).not.toHaveProperty('key');
  });

  it('derives DEV_EXTENSION_ID from the dev key, as Chrome does', () => {
    const hash = createHash('sha256').update(Buffer.from(DEV_PUBLIC_KEY, 'base64')).digest('hex');
    const id = [...hash.slice(0, 32)]
      .map((c) => String.fromCharCode(97 + Number.parseInt(c, 16)))
      .join('');
    expect(id).toBe(DEV_EXTENSION_ID);
  });

  it('refuses a service URL that is not http(s)', () => {
    expect(() => extensionBuildConfig({ WXT_SERVICE_URL: 'ftp://example.com' })).toThrow(
      /Invalid extension build config/,
    );
  });
});
