import { DEFAULT_SERVICE_URL } from './default-service-url';
import {
  policyServiceUrlItem,
  type ResolvedServiceUrl,
  resolvedServiceUrlItem,
  sessionItem,
} from './storage-items';

/**
 * The URL baked into this build (WXT_SERVICE_URL), as an origin. The build checked the value
 * (extensionBuildConfig in wxt.config.ts fails the build on a bad one), so pages and the worker
 * read it without loading the schema that checks it.
 */
export function buildServiceUrl(): string {
  return new URL(import.meta.env.WXT_SERVICE_URL || DEFAULT_SERVICE_URL).origin;
}

/** Normalises a policy value to `https://host[:port][/path]`, or null when it is not acceptable. */
export function parsePolicyServiceUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  // A policy may only move the extension to another TLS endpoint: session tokens travel there.
  if (url.protocol !== 'https:' || url.username || url.password) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Enterprise policy wins over the build URL; a policy that is set but unusable is reported. */
export function resolveServiceUrl(policyValue: unknown, buildUrl: string): ResolvedServiceUrl {
  const policyUrl = parsePolicyServiceUrl(policyValue);
  if (policyUrl) return { url: policyUrl, source: 'policy', policyRejected: false };
  const policySet = policyValue !== null && policyValue !== undefined && policyValue !== '';
  return { url: buildUrl, source: 'build', policyRejected: policySet };
}

/** For pages and handlers: the URL the background resolved, else the build URL. */
export async function currentServiceUrl(): Promise<string> {
  return (await resolvedServiceUrlItem.getValue())?.url ?? buildServiceUrl();
}

export function serviceOrigin(serviceUrl: string): string {
  return new URL(serviceUrl).origin;
}

async function readPolicyValue(): Promise<unknown> {
  try {
    return await policyServiceUrlItem.getValue();
  } catch {
    // Managed storage is unavailable on some platforms (no policy store): same as no policy.
    return null;
  }
}

/**
 * Background only: reads policy once and records the result. A changed service URL signs the
 * user out, because the stored token belongs to the old service.
 */
export async function applyServiceUrlPolicy(): Promise<ResolvedServiceUrl> {
  const resolved = resolveServiceUrl(await readPolicyValue(), buildServiceUrl());
  const previous = await resolvedServiceUrlItem.getValue();
  await resolvedServiceUrlItem.setValue(resolved);
  if (previous && previous.url !== resolved.url) {
    const session = await sessionItem.getValue();
    if (session && session.serviceUrl !== resolved.url) await sessionItem.setValue(null);
  }
  return resolved;
}
