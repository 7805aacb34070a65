import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invitationView } from '../../lib/contracts/api';
import { createLogger, safeError } from '../../server/log';
import { expectApiError, startTestService, type TestService } from './harness';

/** Everything the service logs, as parsed JSON lines. */
const lines: string[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

let service: TestService;
let owner: Record<string, string>;
beforeAll(async () => {
  service = await startTestService({}, { log: createLogger(capture) });
  owner = await service.signIn('olivia@acme.test');
});
afterAll(() => service.close());

// Looks like a live API key, so any copy of it in the output is a leak.
const CANARY = 'Canary sk_live_51HcanaryQuerySecretXyZ';
const PASSWORD = 'canary-password-never-logged';

describe('logging an unhandled error', () => {
  it('keeps query parameters, password hashes and tokens out of the log', async () => {
    const invited = await service.request('POST', '/api/org/invitations', {
      headers: owner,
      body: { email: 'canary@acme.test', role: 'user' },
    });
    const token = (invitationView.parse(await invited.json()).url ?? '').split('/invite/')[1];
    // A constraint the sign-up's insert (name, email, password hash) cannot pass: a database
    // error nobody handles, with those values as its parameters.
    await service.deps.db.execute(
      sql.raw(`alter table accounts add constraint no_canary check (name not like 'Canary%')`),
    );
    const consoleOutput = [
      vi.spyOn(console, 'error'),
      vi.spyOn(console, 'warn'),
      vi.spyOn(console, 'log'),
      vi.spyOn(console, 'info'),
    ];
    try {
      const res = await service.request('POST', `/api/invitations/${token}/accept`, {
        body: { name: CANARY, password: PASSWORD },
      });
      await expectApiError(res, 500, 'internal');
      const requestId = res.headers.get('x-request-id');
      expect(requestId).toBeTruthy();

      const printed = consoleOutput
        .flatMap((spy) => spy.mock.calls)
        .map((args) => {
          return args.map((a) =>
            a instanceof Error ? `${a.stack} ${String(a.cause)}` : String(a),
          );
        });
      const everything = [...lines, ...printed.flat()].join('\n');
      for (const secret of [CANARY, 'sk_live', PASSWORD, 'scrypt$', token ?? 'no token']) {
        expect(everything).not.toContain(secret);
      }

      const entry = lines.map((l) => JSON.parse(l)).find((e) => e.msg === 'Unhandled error');
      expect(entry).toMatchObject({
        level: 50,
        requestId,
        method: 'POST',
        route: '/api/invitations/:token/accept',
        err: {
          name: 'DrizzleQueryError',
          cause: { code: '23514', table: 'accounts', constraint: 'no_canary' },
        },
      });
      expect(entry.err.query).toMatch(/^insert into "accounts"/);
    } finally {
      await service.deps.db.execute(sql.raw('alter table accounts drop constraint no_canary'));
    }
  });
});

describe('the safe fields of an error', () => {
  it('masks the values PostgreSQL quotes and keeps a query error to its SQL', () => {
    const database = Object.assign(
      new Error('invalid input syntax for type integer: "sk_live_quoted"'),
      { code: '22P02', table: 'memberships' },
    );
    const query = Object.assign(
      new Error('Failed query: select $1::int\nparams: sk_live_param\n    at sk_live_frame'),
      { query: 'select $1::int', params: ['sk_live_param\n    at sk_live_frame'], cause: database },
    );
    const safe = safeError(query);
    expect(JSON.stringify(safe)).not.toContain('sk_live');
    expect(safe).toMatchObject({
      query: 'select $1::int',
      cause: { code: '22P02', table: 'memberships', message: expect.stringMatching(/integer/) },
    });
    expect(safe.stack?.[0]).toMatch(/^at .*error-logging\.test\.ts/);
  });

  it('masks long token-like runs in any message', () => {
    const safe = safeError(new Error('Zoom refused token Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4'));
    expect(safe.message).toBe('Zoom refused token …');
  });
});

describe('the redact list', () => {
  it('censors secret fields anyone logs directly', () => {
    const out: string[] = [];
    const log = createLogger({ write: (line: string) => out.push(line) });
    log.info(
      {
        password: 'sk_live_password',
        params: ['sk_live_param'],
        headers: { authorization: 'Bearer sk_live_header', cookie: 'sid=sk_live_cookie' },
        connection: { accessToken: 'sk_live_access', refreshToken: 'sk_live_refresh' },
      },
      'something happened',
    );
    expect(out.join('')).not.toContain('sk_live');
    expect(out.join('')).toContain('something happened');
  });
});
