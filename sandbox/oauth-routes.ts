import { Hono } from 'hono';
import { z } from 'zod';
import { consentPage, messagePage, signInPage } from './pages.ts';
import { SANDBOX_ROLES } from './seed.ts';
import { randomToken, type SandboxStore, type ZoomUser } from './store.ts';
import { authorizeError } from './zoom-errors.ts';

const CODE_TTL_MS = 5 * 60 * 1000; // Zoom codes expire after 5 minutes (4733).
const PENDING_TTL_MS = 30 * 60 * 1000;
const ADMIN_REQUIRED =
  'An account admin is required to install this type of app. Please contact your account admin or IT administrator to install this app.';
const EXPIRED_REQUEST = 'This authorization request has expired. Please start again from the app.';

const authorizeQuery = z.object({
  response_type: z.string().optional(),
  client_id: z.string().optional(),
  redirect_uri: z.string().optional(),
  state: z.string().optional(),
  code_challenge: z.string().optional(),
  code_challenge_method: z.string().optional(),
  scope: z.string().optional(),
});

const signInForm = z.object({
  authorization_id: z.string().min(1),
  email: z.string().trim().min(1),
  password: z.string().min(1),
});

const consentForm = z.object({
  authorization_id: z.string().min(1),
  decision: z.enum(['allow', 'decline']),
});

export function oauthRoutes(store: SandboxStore): Hono {
  const routes = new Hono();

  routes.get('/authorize', (c) => {
    const query = authorizeQuery.parse(c.req.query());
    const app = query.client_id ? store.app(query.client_id) : undefined;
    if (!app) return authorizeError(c, 4700, `Invalid client_id: ${query.client_id ?? ''}`);
    const redirectUri = query.redirect_uri ?? '';
    // Strict-mode matching: the redirect must be one of the app's allow-listed URLs.
    if (!app.redirectUris.includes(redirectUri)) {
      return authorizeError(c, 4700, `Invalid redirect: ${redirectUri}`);
    }
    // Zoom treats any scope in the authorize URL as invalid; scopes come from the app config.
    if (query.scope !== undefined) return authorizeError(c, 4700, 'Invalid scopes');
    if (query.response_type !== 'code') {
      return authorizeError(c, 4700, `Invalid response_type: ${query.response_type ?? ''}`);
    }
    const method = query.code_challenge_method ?? 'plain'; // Zoom's default when omitted.
    if (method !== 'S256' && method !== 'plain') {
      return authorizeError(c, 4700, `Invalid code_challenge_method: ${method}`);
    }
    const id = randomToken(18);
    store.pending.set(id, {
      id,
      clientId: app.clientId,
      redirectUri,
      state: query.state,
      codeChallenge: query.code_challenge,
      codeChallengeMethod: method,
      createdAt: store.now(),
    });
    return c.html(signInPage({ authorizationId: id, appName: app.name }));
  });

  routes.post('/signin', async (c) => {
    const form = signInForm.safeParse(await c.req.parseBody());
    if (!form.success)
      return c.html(messagePage('Sign In', 'Email and password are required.'), 400);
    const pending = livePending(store, form.data.authorization_id);
    const app = pending && store.app(pending.clientId);
    if (!pending || !app) return c.html(messagePage('Sign In', EXPIRED_REQUEST), 400);
    const user = store.userByEmail(form.data.email);
    if (!user || user.password !== form.data.password) {
      const page = signInPage({
        authorizationId: pending.id,
        appName: app.name,
        email: form.data.email,
        error: 'Incorrect email or password.',
      });
      // 200 so the chrome.identity window stays open for another try (see the consent route).
      return c.html(page, 200);
    }
    pending.userId = user.id;
    user.lastLoginTime = new Date(store.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const account = store.accounts.get(user.accountId);
    return c.html(
      consentPage({
        authorizationId: pending.id,
        appName: app.name,
        appType: app.type,
        email: user.email,
        accountName: account?.name ?? '',
      }),
    );
  });

  routes.post('/consent', async (c) => {
    const form = consentForm.safeParse(await c.req.parseBody());
    if (!form.success) return c.html(messagePage('Authorize', 'Invalid consent request.'), 400);
    const pending = livePending(store, form.data.authorization_id);
    const app = pending && store.app(pending.clientId);
    const user = pending?.userId ? store.users.get(pending.userId) : undefined;
    if (!pending || !app || !user) return c.html(messagePage('Authorize', EXPIRED_REQUEST), 400);
    store.pending.delete(pending.id);

    const redirect = new URL(pending.redirectUri);
    if (form.data.decision === 'decline') {
      redirect.searchParams.set('error', 'access_denied');
    } else if (app.type === 'admin' && !installsAdminApps(user)) {
      // Only a role with admin privileges (Owner, Admin or such a custom role) may install an
      // admin-managed app; Zoom shows this page to anyone else and issues no code.
      // A 200, like Zoom's pages: chrome.identity closes its window on any HTTP error status
      // ("Authorization page could not be loaded."), and the person must be able to read this.
      return c.html(messagePage('Admin required', ADMIN_REQUIRED), 200);
    } else {
      const code = randomToken(24);
      store.codes.set(code, {
        code,
        clientId: app.clientId,
        userId: user.id,
        redirectUri: pending.redirectUri,
        codeChallenge: pending.codeChallenge,
        codeChallengeMethod: pending.codeChallengeMethod,
        expiresAt: store.now() + CODE_TTL_MS,
        used: false,
      });
      redirect.searchParams.set('code', code);
    }
    if (pending.state !== undefined) redirect.searchParams.set('state', pending.state);
    return c.redirect(redirect.toString(), 302);
  });

  return routes;
}

function livePending(store: SandboxStore, id: string) {
  const pending = store.pending.get(id);
  if (!pending) return undefined;
  if (store.now() - pending.createdAt > PENDING_TTL_MS) {
    store.pending.delete(id);
    return undefined;
  }
  return pending;
}

function installsAdminApps(user: ZoomUser): boolean {
  return SANDBOX_ROLES.some((role) => role.id === user.roleId && role.installsAdminApps);
}
