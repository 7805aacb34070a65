import { z } from 'zod/mini';
import { DEFAULT_SERVICE_URL } from './default-service-url';

/** Public half of the dev signing key; pins the unpacked extension id to DEV_EXTENSION_ID. */
export const DEV_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuadPmHNR1Ob6GUmZXC0QK+vzPCldsoqY16DaC7r8FpYKUzLuVay7Cmg8E9Eke7PGVD15Ij5t1HyI5ZFM+jL40LDLByQLh85pl7PaoetZT25SgCqn4DhzZiBM/rtURX1Oe09wn1jvN9+S4MGSFNsB2nTiMMK3vrKJM+lK8dST3tD6l/s1Vcf7CiEA1lHFV5x26gOyMPcYXZpIIiTfSUElD/g0OO236NDRSrbsqy3Dy7kj7hKpua0jpTLg2796K2/LLU6XsK05Roa141JUjV0Lu/xNGcYJgMjAkunMn1UCfJPtoK/XkkitO/+x4wQNp7gcLUhdcTCssmWeEUQROzA0rwIDAQAB';
export { DEV_EXTENSION_ID } from '../../contracts/dev-extension';
export { DEFAULT_SERVICE_URL } from './default-service-url';

// Own messages: zod/mini carries no locale. This runs at build time (wxt.config.ts); pages and
// the worker read the checked value through buildServiceUrl (service-url.ts).
const buildEnv = z.object({
  WXT_SERVICE_URL: z._default(
    z.url({ protocol: /^https?$/, error: 'Expected an http(s) URL.' }),
    DEFAULT_SERVICE_URL,
  ),
  WXT_STORE_BUILD: z._default(
    z.enum(['true', 'false', '1', '0'], { error: 'Expected true, false, 1 or 0.' }),
    'false',
  ),
});

export interface ExtensionBuildConfig {
  serviceUrl: string;
  serviceOrigin: string;
  /** externally_connectable pattern: Chrome ignores the port, so http://host/* covers host:port. */
  serviceMatchPattern: string;
  storeBuild: boolean;
  devPublicKey: string;
}

export function extensionBuildConfig(
  env: Record<string, string | undefined>,
): ExtensionBuildConfig {
  const parsed = buildEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid extension build config: ${z.prettifyError(parsed.error)}`);
  }
  const url = new URL(parsed.data.WXT_SERVICE_URL);
  return {
    serviceUrl: url.origin,
    serviceOrigin: url.origin,
    serviceMatchPattern: `${url.protocol}//${url.hostname}/*`,
    storeBuild: ['true', '1'].includes(parsed.data.WXT_STORE_BUILD),
    devPublicKey: DEV_PUBLIC_KEY,
  };
}
