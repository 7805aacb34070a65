import { z } from 'zod';
import { DEV_EXTENSION_ID } from '../lib/contracts/dev-extension';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const httpUrl = z.url({ protocol: /^https?$/ }).transform((v) => v.replace(/\/+$/, ''));

/**
 * Every setting of the org service, parsed once at start. Defaults run the product locally
 * against the Zoom sandbox; real Zoom and a real PostgreSQL are configuration only (README).
 */
export const envSchema = z
  .object({
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8787),
    PUBLIC_URL: httpUrl.optional(),
    DATA_DIR: z.string().min(1).default('.data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    TOKEN_ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
      .optional(),
    ZOOM_OAUTH_URL: httpUrl.default('http://127.0.0.1:8788'),
    ZOOM_API_URL: httpUrl.default('http://127.0.0.1:8788/v2'),
    ZOOM_ORG_CLIENT_ID: z.string().min(1).default('sandbox-org-app'),
    ZOOM_ORG_CLIENT_SECRET: z.string().min(1).default('sandbox-org-secret'),
    ZOOM_PERSONAL_CLIENT_ID: z.string().min(1).default('sandbox-personal-app'),
    ZOOM_PERSONAL_CLIENT_SECRET: z.string().min(1).default('sandbox-personal-secret'),
    // One Secret Token per Marketplace app: each app signs its own webhooks (zoom-platform.md §9).
    ZOOM_ORG_WEBHOOK_SECRET: z.string().min(1).default('sandbox-org-webhook-secret'),
    ZOOM_PERSONAL_WEBHOOK_SECRET: z.string().min(1).default('sandbox-personal-webhook-secret'),
    EXTENSION_IDS: z
      .string()
      .default(DEV_EXTENSION_ID)
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[a-p]{32}$/, 'extension ids are 32 letters a–p')).min(1)),
    APPROVAL_LINK_TTL_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 90)
      .default(168),
    /** How often each org connection's health is checked; 0 turns the scheduler off. */
    HEALTH_CHECK_INTERVAL_MINUTES: z.coerce
      .number()
      .min(0)
      .max(7 * 24 * 60)
      .default(60),
    SEED_DEMO: bool.optional(),
  })
  .transform((env) => ({
    ...env,
    PUBLIC_URL: env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`,
    // The demo org is seeded on the embedded database unless told otherwise.
    SEED_DEMO: env.SEED_DEMO ?? !env.DATABASE_URL,
  }));

export type Env = z.output<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new Error(`Invalid configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
