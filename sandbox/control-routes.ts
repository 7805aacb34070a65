import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { SANDBOX_ROLES, SANDBOX_ZOOM_PASSWORD } from './seed.ts';
import { randomToken, type SandboxStore } from './store.ts';
import { sendAppDeauthorized } from './webhooks.ts';
import { controlError } from './zoom-errors.ts';

const roleField = z.string().trim().min(1).max(100);
const newUserBody = z.object({
  accountId: z.string().min(1),
  email: z.email(),
  firstName: z.string().trim().min(1).max(64),
  lastName: z.string().trim().min(1).max(64),
  role: roleField,
  password: z.string().min(1).max(128).optional(),
});
const newAccountBody = z.object({
  id: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(100),
});
const userChange = z
  .object({
    role: roleField.optional(),
    // role_name is optional in Zoom's schema (zoom-platform.md §9): leave it out of `/users/me`
    // only, of every user read, or of none.
    omitRoleName: z.enum(['never', 'me', 'always']).optional(),
  })
  .refine((change) => change.role !== undefined || change.omitRoleName !== undefined, {
    message: 'role or omitRoleName is required',
  });
const grantTarget = z.object({ email: z.string().min(1), clientId: z.string().min(1) });
const tokenFilter = z.strictObject({
  email: z.string().min(1).optional(),
  clientId: z.string().min(1).optional(),
});
const faultBody = z
  .object({
    match: z.string().startsWith('/'),
    status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(429)]).optional(),
    rateLimit: z.enum(['qps', 'daily', 'daily_without_headers']).optional(),
    delayMs: z.number().int().min(0).max(30_000).optional(),
    count: z.number().int().min(1).max(1000).default(1),
  })
  .refine((fault) => fault.status !== undefined || fault.delayMs !== undefined, {
    message: 'status or delayMs is required',
  })
  .refine((fault) => fault.rateLimit === undefined || fault.status === 429, {
    message: 'rateLimit goes with status 429',
  });

export function controlRoutes(store: SandboxStore): Hono {
  const routes = new Hono();

  routes.post('/reset', (c) => {
    store.reset();
    return c.json({ ok: true });
  });

  routes.get('/state', (c) =>
    c.json({
      accounts: [...store.accounts.values()],
      users: [...store.users.values()].map(({ password: _password, ...user }) => user),
      grants: [...store.grants.values()].map((grant) => ({
        id: grant.id,
        clientId: grant.clientId,
        userEmail: grant.userEmail,
        accountId: grant.accountId,
        revoked: grant.revoked,
      })),
      counters: {
        pendingAuthorizations: store.pending.size,
        authorizationCodes: store.codes.size,
        accessTokens: store.accessTokens.size,
        meetings: store.meetings.size,
        faults: store.faults.length,
      },
    }),
  );

  routes.get('/stats', (c) => c.json(store.stats));

  // Every meeting the sandbox holds, for tests that check a create or a delete reached Zoom.
  routes.get('/meetings', (c) =>
    c.json({
      meetings: [...store.meetings.values()].map((meeting) => ({
        id: meeting.id,
        hostId: meeting.hostId,
        hostEmail: store.users.get(meeting.hostId)?.email ?? null,
        accountId: meeting.accountId,
        topic: meeting.topic,
        startTime: meeting.startTime,
        duration: meeting.duration,
      })),
    }),
  );

  // Another Zoom account (an org that moves to a new one: its admin approves there).
  routes.post('/accounts', async (c) => {
    const body = await readBody(c, newAccountBody);
    if (body instanceof Response) return body;
    if (store.accounts.has(body.id)) {
      return controlError(c, 409, 'conflict', `A Zoom account ${body.id} already exists`);
    }
    const account = { ...body, accountNumber: 10_000_000 + store.accounts.size + 100 };
    store.accounts.set(account.id, account);
    return c.json(account, 201);
  });

  routes.post('/users', async (c) => {
    const body = await readBody(c, newUserBody);
    if (body instanceof Response) return body;
    if (!store.accounts.has(body.accountId)) {
      return controlError(c, 404, 'not_found', `No Zoom account ${body.accountId}`);
    }
    if (store.userByEmail(body.email)) {
      return controlError(c, 409, 'conflict', `A Zoom user ${body.email} already exists`);
    }
    const now = new Date(store.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const user = {
      id: `zu_${randomToken(9)}`,
      accountId: body.accountId,
      email: body.email,
      firstName: body.firstName,
      lastName: body.lastName,
      ...roleOf(body.role),
      password: body.password ?? SANDBOX_ZOOM_PASSWORD,
      pmi: 5_550_000_000 + store.users.size + 100,
      createdAt: now,
      lastLoginTime: now,
    };
    store.users.set(user.id, user);
    const { password: _password, ...visible } = user;
    return c.json(visible, 201);
  });

  routes.patch('/users/:email', async (c) => {
    const body = await readBody(c, userChange);
    if (body instanceof Response) return body;
    const user = store.userByEmail(c.req.param('email'));
    if (!user) return controlError(c, 404, 'not_found', `No Zoom user ${c.req.param('email')}`);
    if (body.role !== undefined) Object.assign(user, roleOf(body.role));
    if (body.omitRoleName !== undefined) user.omitRoleName = body.omitRoleName;
    const { password: _password, ...visible } = user;
    return c.json(visible);
  });

  routes.delete('/users/:email', (c) => {
    const user = store.userByEmail(c.req.param('email'));
    if (!user) return controlError(c, 404, 'not_found', `No Zoom user ${c.req.param('email')}`);
    store.deleteUser(user);
    return c.json({ deleted: user.id });
  });

  routes.post('/grants/revoke', async (c) => {
    const grants = await targetGrants(c, store);
    if (grants instanceof Response) return grants;
    for (const grant of grants) store.revokeGrant(grant);
    return c.json({ revoked: grants.length });
  });

  routes.post('/deauthorize', async (c) => {
    const grants = await targetGrants(c, store);
    if (grants instanceof Response) return grants;
    const webhooks = [];
    for (const grant of grants) {
      store.revokeGrant(grant);
      webhooks.push(await sendAppDeauthorized(store, grant));
    }
    return c.json({ revoked: grants.length, webhooks });
  });

  // Zoom can end an access token before its expires_in (zoom-platform.md §3, code 124); this
  // plays that, so a test sees the service refresh on its next call.
  routes.post('/expire-tokens', async (c) => {
    const body = await readBody(c, tokenFilter);
    if (body instanceof Response) return body;
    if (body.clientId && !store.app(body.clientId)) {
      return controlError(c, 404, 'not_found', `No sandbox app ${body.clientId}`);
    }
    const now = store.now();
    const email = body.email?.toLowerCase();
    let expired = 0;
    for (const access of store.accessTokens.values()) {
      const grant = store.grants.get(access.grantId);
      if (!grant || access.expiresAt <= now) continue;
      if (email && grant.userEmail.toLowerCase() !== email) continue;
      if (body.clientId && grant.clientId !== body.clientId) continue;
      access.expiresAt = now;
      expired += 1;
    }
    return c.json({ expired });
  });

  routes.post('/faults', async (c) => {
    const body = await readBody(c, faultBody);
    if (body instanceof Response) return body;
    store.faults.push({
      match: body.match,
      status: body.status,
      rateLimit: body.rateLimit,
      delayMs: body.delayMs,
      remaining: body.count,
    });
    return c.json({ faults: store.faults }, 201);
  });

  routes.delete('/faults', (c) => {
    store.faults = [];
    return c.json({ faults: [] });
  });

  return routes;
}

/** A known role keeps its id and privileges; any other name is a custom role without them. */
function roleOf(role: string): { roleName: string; roleId: string } {
  const known = SANDBOX_ROLES.find((candidate) => candidate.name === role);
  // Custom roles have opaque, non-numeric ids in Zoom.
  const customId = `role_${role.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
  return { roleName: role, roleId: known?.id ?? customId };
}

/** Active grants of an app for a user; for an admin app, also the grant of the user's account. */
async function targetGrants(c: Context, store: SandboxStore) {
  const body = await readBody(c, grantTarget);
  if (body instanceof Response) return body;
  const app = store.app(body.clientId);
  if (!app) return controlError(c, 404, 'not_found', `No sandbox app ${body.clientId}`);
  const user = store.userByEmail(body.email);
  const email = body.email.toLowerCase();
  const grants = [...store.grants.values()].filter(
    (grant) =>
      grant.clientId === app.clientId &&
      !grant.revoked &&
      (grant.userEmail.toLowerCase() === email ||
        (app.type === 'admin' && grant.accountId === user?.accountId)),
  );
  if (grants.length === 0) {
    return controlError(
      c,
      404,
      'not_found',
      `No active grant of ${app.clientId} for ${body.email}`,
    );
  }
  return grants;
}

async function readBody<T>(c: Context, schema: z.ZodType<T>): Promise<T | Response> {
  const json = await c.req.json().catch(() => undefined);
  if (json === undefined) return controlError(c, 400, 'invalid_json', 'Body must be JSON');
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ` : '') + issue.message)
    .join('; ');
  return controlError(c, 400, 'invalid_request', message);
}
