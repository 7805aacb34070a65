import { z } from 'zod';
import { DEV_EXTENSION_ID } from '../lib/contracts/dev-extension';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const httpUrl = z.url({ protocol: /^https?$/ }).transform((v) => v.replace(/\/+$/, ''));

/**
 * `production` (`npm start`) takes Zoom and its public URL from the environment only;
 * `development` (`npm run dev`, `npm run service`, the tests) fills in the Zoom sandbox.
 */
export type EnvMode = 'production' | 'development';

/**
 * The Zoom sandbox as `npm run sandbox` serves it (sandbox/seed.ts). Copied rather than imported
 * so that `npm start` never loads sandbox/ code; test/server/vault-and-env.test.ts checks the copy.
 */
const SANDBOX_ZOOM_ENV = {
  ZOOM_OAUTH_URL: 'http://127.0.0.1:8788',
  ZOOM_API_URL: 'http://127.0.0.1:8788/v2',
  ZOOM_ORG_CLIENT_ID: 'sandbox-org-app',
  ZOOM_ORG_CLIENT_SECRET: 'sandbox-org-secret',
  ZOOM_PERSONAL_CLIENT_ID: 'sandbox-personal-app',
  ZOOM_PERSONAL_CLIENT_SECRET: 'sandbox-personal-secret',
  ZOOM_ORG_WEBHOOK_SECRET: 'sandbox-org-webhook-secret',
  ZOOM_PERSONAL_WEBHOOK_SECRET: 'sandbox-personal-webhook-secret',
};

/**
 * Production has no default for these: every one of them is the operator's (README).
 * EXTENSION_IDS too: the development id's key is in this repository, so anyone can build an
 * extension with that id, and an id in the list may receive OAuth results (oauth-flows.ts).
 */
const REQUIRED_IN_PRODUCTION = [
  ...Object.keys(SANDBOX_ZOOM_ENV),
  'PUBLIC_URL',
  'SMTP_URL',
  'MAIL_FROM',
  'EXTENSION_IDS',
];

/** Development's sender when MAIL_FROM is not set (the local mail catcher accepts anything). */
const DEV_MAIL_FROM = 'Org Zoom Connect <no-reply@org-zoom-connect.localhost>';

/** Every setting of the org service, parsed once at start (README, Configuration). */
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
    ZOOM_OAUTH_URL: httpUrl,
    ZOOM_API_URL: httpUrl,
    ZOOM_ORG_CLIENT_ID: z.string().min(1),
    ZOOM_ORG_CLIENT_SECRET: z.string().min(1),
    ZOOM_PERSONAL_CLIENT_ID: z.string().min(1),
    ZOOM_PERSONAL_CLIENT_SECRET: z.string().min(1),
    // One Secret Token per Marketplace app: each app signs its own webhooks (zoom-platform.md §9).
    ZOOM_ORG_WEBHOOK_SECRET: z.string().min(1),
    ZOOM_PERSONAL_WEBHOOK_SECRET: z.string().min(1),
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
    /** Where the invitation's success page sends people to install the extension. */
    EXTENSION_INSTALL_URL: httpUrl.optional(),
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
    /**
     * A session ends after this long unused (OWASP Session Management Cheat Sheet, "Idle
     * Timeout"). 72 h rather than OWASP's minutes for web apps: the session lives in the
     * extension, used a few times a day, and a weekend away should not sign everyone out; a
     * stolen token unused for three days dies on its own. Minimum 1 h (use is recorded every
     * few minutes, server/domain/sessions.ts).
     */
    SESSION_IDLE_HOURS: z.coerce
      .number()
      .min(1)
      .max(24 * 365)
      .default(72),
    /** A session ends this long after sign-in however much it is used ("Absolute Timeout"). */
    SESSION_ABSOLUTE_DAYS: z.coerce.number().positive().max(365).default(30),
    /** How often each process purges expired sessions, links and Zoom sign-ins; 0 turns it off. */
    JANITOR_INTERVAL_MINUTES: z.coerce
      .number()
      .min(0)
      .max(7 * 24 * 60)
      .default(15),
    /** Repair of upcoming bookings (server/domain/booking-repair.ts): how often each process
     * claims due bookings, and how long a claim holds before another process may take it over
     * (a process that died mid-way). Lower them only for tests and the bench. */
    REPAIR_TICK_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
    REPAIR_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
    /** Where mail is sent: smtp://user:pass@host:port (smtps:// for TLS from the start). In
     * development without it, mail waits in the outbox (server/dev.ts sets its mail catcher). */
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    /** The sender of every mail: an address, optionally with a name ("Name <addr@host>"). */
    MAIL_FROM: z
      .string()
      .regex(
        /^[^\r\n]*@[^\r\n]+$/,
        'must be an email address, e.g. "Org Zoom Connect <zoom@example.com>"',
      )
      .optional(),
    /**
     * How many proxies in front of the service append to X-Forwarded-For (0: none, the socket's
     * address is the client's). Only set it when every request comes through them: the header
     * is whatever a direct client says (server/http/client-address.ts).
     */
    TRUST_PROXY: z
      .union([
        z.enum(['true', 'false']).transform((v) => (v === 'true' ? 1 : 0)),
        z.coerce.number().int().min(0).max(10),
      ])
      .default(0),
    /** Only ever on when asked for: server/dev.ts asks on the embedded database. */
    SEED_DEMO: bool.default(false),
  })
  .transform((env) => ({
    ...env,
    PUBLIC_URL: env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`,
  }));

export type Env = z.output<typeof envSchema>;

/**
 * Parses the environment for one mode. Everything wrong is reported in one error, so an operator
 * fixes their configuration in one go rather than one variable per restart.
 */
export function parseEnv(source: Record<string, string | undefined>, mode: EnvMode): Env {
  const given = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ''),
  );
  const input =
    mode === 'development' ? { ...SANDBOX_ZOOM_ENV, MAIL_FROM: DEV_MAIL_FROM, ...given } : given;
  const problems: string[] = [];
  const missing = mode === 'production' ? missingInProduction(input) : [];
  if (missing.length > 0) {
    problems.push(
      `Missing for production (npm start): ${missing.join(', ')}. ` +
        'Set them as described in README.md, Production; `npm run dev` runs against the Zoom sandbox instead.',
    );
  }
  if (mode === 'production' && bool.safeParse(input.SEED_DEMO).data === true) {
    problems.push(
      'SEED_DEMO: the demo organization is for development only (its password is public); unset it.',
    );
  }
  const parsed = envSchema.safeParse(input);
  const invalid = parsed.error?.issues.filter((i) => !missing.includes(String(i.path[0])));
  if (invalid?.length) problems.push(z.prettifyError(new z.ZodError(invalid)));
  if (problems.length > 0 || !parsed.success) {
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

function missingInProduction(input: Record<string, string | undefined>): string[] {
  const missing = REQUIRED_IN_PRODUCTION.filter((name) => !input[name]);
  // Several processes on one PostgreSQL must all open the tokens the others sealed.
  if (input.DATABASE_URL && !input.TOKEN_ENCRYPTION_KEY) missing.push('TOKEN_ENCRYPTION_KEY');
  return missing;
}
