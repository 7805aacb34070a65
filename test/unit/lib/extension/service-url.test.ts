import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  applyServiceUrlPolicy,
  buildServiceUrl,
  currentServiceUrl,
  parsePolicyServiceUrl,
  resolveServiceUrl,
} from '@/lib/extension/shared/service-url';
import { resolvedServiceUrlItem, sessionItem } from '@/lib/extension/shared/storage-items';
import { adminSession } from '../../helpers/fixtures';

const BUILD = 'http://127.0.0.1:8787';

describe('resolveServiceUrl', () => {
  it('uses the build URL when no policy is set', () => {
    expect(resolveServiceUrl(null, BUILD)).toEqual({
      url: BUILD,
      source: 'build',
      policyRejected: false,
    });
  });

  it('lets an https policy URL win over the build URL', () => {
    expect(resolveServiceUrl('https://zoom-connect.acme.test/', BUILD)).toEqual({
      url: 'https://zoom-connect.acme.test',
      source: 'policy',
      policyRejected: false,
    });
  });

  it('keeps a path prefix from the policy URL', () => {
    expect(resolveServiceUrl('https://acme.test/zoom/', BUILD).url).toBe('https://acme.test/zoom');
  });

  it.each([
    'http://zoom-connect.acme.test',
    'ftp://acme.test',
    'not a url',
    'https://user:pass@acme.test',
    42,
  ])('refuses the policy value %s and falls back to the build URL', (value) => {
    expect(resolveServiceUrl(value, BUILD)).toEqual({
      url: BUILD,
      source: 'build',
      policyRejected: true,
    });
  });

  it('treats an empty policy string as no policy', () => {
    expect(parsePolicyServiceUrl('')).toBeNull();
    expect(resolveServiceUrl('', BUILD).policyRejected).toBe(false);
  });
});

describe('applyServiceUrlPolicy', () => {
  it('defaults to the build URL baked into the extension', () => {
    expect(buildServiceUrl()).toBe(BUILD);
  });

  it('records the policy URL where pages read it', async () => {
    await fakeBrowser.storage.managed.set({ serviceUrl: 'https://zoom.acme.test' });
    await applyServiceUrlPolicy();
    expect(await currentServiceUrl()).toBe('https://zoom.acme.test');
  });

  it('lets pages fall back to the build URL before the background has run', async () => {
    expect(await resolvedServiceUrlItem.getValue()).toBeNull();
    expect(await currentServiceUrl()).toBe(BUILD);
  });

  it('signs out when the policy moves the extension to another service', async () => {
    await applyServiceUrlPolicy();
    await sessionItem.setValue(adminSession);
    await fakeBrowser.storage.managed.set({ serviceUrl: 'https://zoom.acme.test' });
    await applyServiceUrlPolicy();
    expect(await sessionItem.getValue()).toBeNull();
  });

  it('keeps the session when the policy is re-read unchanged', async () => {
    await applyServiceUrlPolicy();
    await sessionItem.setValue(adminSession);
    await applyServiceUrlPolicy();
    expect(await sessionItem.getValue()).toEqual(adminSession);
  });
});
