import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/**
 * The service's log: one JSON object per line on stdout. Errors go through `safeError`, which
 * keeps only fields that hold no user data; the redact list is a second line of defence for
 * fields someone might log later (https://getpino.io/#/docs/redaction).
 */
export function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      base: null,
      serializers: { err: safeError },
      redact: {
        paths: [
          'params',
          'password',
          'passwordHash',
          'token',
          'authorization',
          'cookie',
          'secret',
          '*.params',
          '*.password',
          '*.passwordHash',
          '*.token',
          '*.accessToken',
          '*.refreshToken',
          '*.clientSecret',
          '*.secret',
          '*.authorization',
          '*.cookie',
          'headers.authorization',
          'headers.cookie',
          'req.headers.authorization',
          'req.headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** For code that runs without Deps (the database pool, the process entry points). */
export const log = createLogger();

export interface SafeError {
  name: string;
  message?: string;
  /** PostgreSQL's SQLSTATE or Node's error code. */
  code?: string;
  /** The SQL that failed, with `$1`-style placeholders and never their values. */
  query?: string;
  /** PostgreSQL names these in an error beside its message: identifiers, never values. */
  table?: string;
  column?: string;
  constraint?: string;
  cause?: SafeError;
  stack?: string[];
}

/**
 * What of an error may be logged. drizzle's DrizzleQueryError puts every query parameter in its
 * message and stack ("Failed query: …\nparams: …": password hashes, sealed tokens, emails), so a
 * query error keeps only its SQL text; and PostgreSQL quotes the offending value in messages such
 * as `invalid input syntax for type integer: "…"`, so quoted text and long token-like runs in
 * any other message are masked. Stacks keep their frames, not the message line above them.
 */
export function safeError(err: unknown, depth = 0, parentQuery?: string): SafeError {
  if (!(err instanceof Error)) return { name: typeof err };
  const code = (err as { code?: unknown }).code;
  const query = (err as { query?: unknown }).query;
  const sql = typeof query === 'string' && query !== parentQuery ? query : undefined;
  const isDrizzleQueryError = typeof query === 'string' && err.message.startsWith('Failed query:');
  return {
    // drizzle's DrizzleQueryError leaves `name` as "Error"; its class says more.
    name: err.name === 'Error' ? err.constructor.name : err.name,
    ...(isDrizzleQueryError ? {} : { message: maskValues(err.message) }),
    ...(sql ? { query: sql.slice(0, 2000) } : {}),
    ...(typeof code === 'string' ? { code } : {}),
    ...pickStrings(err, ['table', 'column', 'constraint']),
    ...(err.cause !== undefined && depth < 3
      ? { cause: safeError(err.cause, depth + 1, typeof query === 'string' ? query : parentQuery) }
      : {}),
    ...(depth === 0 ? { stack: stackFrames(err) } : {}),
  };
}

function pickStrings<K extends string>(err: Error, keys: K[]): Partial<Record<K, string>> {
  const fields = err as unknown as Record<K, unknown>;
  return Object.fromEntries(
    keys.filter((k) => typeof fields[k] === 'string').map((k) => [k, fields[k]]),
  ) as Partial<Record<K, string>>;
}

function maskValues(message: string): string {
  return (message.split('\n')[0] ?? '')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/[A-Za-z0-9+/=_$.-]{24,}/g, '…')
    .slice(0, 300);
}

/** The frames below V8's `Name: message` header; a message could hold a line that looks like one. */
function stackFrames(err: Error): string[] {
  const header = String(err);
  if (!err.stack?.startsWith(header)) return [];
  return err.stack
    .slice(header.length)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '))
    .slice(0, 10);
}
