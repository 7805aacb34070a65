import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { appScopes } from './scopes.ts';
import type { AccessToken, AuthorizationCode, Grant, SandboxApp, SandboxStore } from './store.ts';
import { sendAppDeauthorizedLater } from './webhooks.ts';
import { tokenError } from './zoom-errors.ts';

const INVALID_TOKEN = 'Invalid Token!';
const OWNER_GONE = 'The owner of the token does not exist';

const grantTypeField = z.object({ grant_type: z.string().optional() });
const codeExchangeForm = z.object({
  code: z.string().min(1),
  redirect_uri: z.string().optional(),
  code_verifier: z.string().optional(),
});
const refreshForm = z.object({ refresh_token: z.string().min(1) });
const revokeForm = z.object({ token: z.string().min(1) });

export function tokenRoutes(store: SandboxStore): Hono {
  const routes = new Hono();

  routes.post('/token', async (c) => {
    const app = authenticateClient(store, c.req.header('authorization'));
    if (!app) return tokenError(c, 'Invalid client_id or client_secret', 'invalid_client', 401);
    const body = await c.req.parseBody();
    const grantType = grantTypeField.safeParse(body).data?.grant_type;
    if (grantType === 'authorization_code') {
      store.stats.tokenRequests.authorization_code += 1;
      return exchangeCode(c, store, app, body);
    }
    if (grantType === 'refresh_token') {
      store.stats.tokenRequests.refresh_token += 1;
      return refresh(c, store, app, body);
    }
    if (!grantType) return tokenError(c, 'Missing grant type', 'invalid_request');
    return tokenError(c, 'unsupported grant type', 'unsupported_grant_type');
  });

  routes.post('/revoke', async (c) => {
    const app = authenticateClient(store, c.req.header('authorization'));
    if (!app) return tokenError(c, 'Invalid client_id or client_secret', 'invalid_client', 401);
    const form = revokeForm.safeParse(await c.req.parseBody());
    if (!form.success) return tokenError(c, 'Missing token', 'invalid_request');
    const grantId = store.accessTokens.get(form.data.token)?.grantId;
    const grant = grantId ? store.grants.get(grantId) : store.grantByRefreshToken(form.data.token);
    if (!grant || grant.revoked || grant.clientId !== app.clientId) {
      return tokenError(c, INVALID_TOKEN, 'invalid_request');
    }
    store.revokeGrant(grant);
    store.stats.revokes += 1;
    // Revoking also uninstalls the app and triggers the deauthorization webhook (Zoom staff).
    sendAppDeauthorizedLater(store, grant);
    return c.json({ status: 'success' });
  });

  return routes;
}

function exchangeCode(c: Context, store: SandboxStore, app: SandboxApp, body: unknown) {
  const form = codeExchangeForm.safeParse(body);
  if (!form.success) return tokenError(c, 'Missing authorization code', 'invalid_request');
  const code = store.codes.get(form.data.code);
  if (!code || code.used || code.clientId !== app.clientId) {
    return tokenError(c, 'Invalid authorization code', 'invalid_grant');
  }
  if (store.now() > code.expiresAt)
    return tokenError(c, 'Authorization code expired', 'invalid_grant');
  code.used = true;
  if (form.data.redirect_uri !== code.redirectUri) {
    return tokenError(c, 'Redirect URI mismatch.', 'invalid_request');
  }
  if (!verifierMatches(code, form.data.code_verifier)) {
    return tokenError(c, 'Invalid code_verifier', 'invalid_grant');
  }
  const user = store.users.get(code.userId);
  if (!user) return tokenError(c, OWNER_GONE, 'invalid_grant');
  const { grant, accessToken } = store.createGrant(app.clientId, user);
  return c.json(tokenResponse(store, app, grant, accessToken));
}

function refresh(c: Context, store: SandboxStore, app: SandboxApp, body: unknown) {
  const form = refreshForm.safeParse(body);
  if (!form.success) return tokenError(c, 'Missing refresh token', 'invalid_request');
  const grant = store.grantByRefreshToken(form.data.refresh_token);
  if (!grant || grant.revoked || grant.clientId !== app.clientId) {
    return tokenError(c, INVALID_TOKEN, 'invalid_grant');
  }
  // 4735: the user the grant was issued to was removed from the account.
  if (!store.users.has(grant.userId)) return tokenError(c, OWNER_GONE, 'invalid_grant');
  const accessToken = store.rotateGrant(grant);
  return c.json(tokenResponse(store, app, grant, accessToken));
}

function tokenResponse(store: SandboxStore, app: SandboxApp, grant: Grant, access: AccessToken) {
  return {
    access_token: access.token,
    token_type: 'bearer',
    refresh_token: grant.refreshToken,
    expires_in: store.options.accessTokenTtlSeconds,
    scope: appScopes(app).join(' '),
    api_url: store.options.baseUrl,
  };
}

function verifierMatches(code: AuthorizationCode, verifier: string | undefined): boolean {
  if (code.codeChallenge === undefined) return true;
  if (verifier === undefined) return false;
  const expected =
    code.codeChallengeMethod === 'S256'
      ? createHash('sha256').update(verifier).digest('base64url')
      : verifier;
  return safeEqual(expected, code.codeChallenge);
}

function authenticateClient(store: SandboxStore, header: string | undefined) {
  const encoded = header?.match(/^Basic\s+(.+)$/i)?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return undefined;
  const app = store.app(decoded.slice(0, separator));
  return app && safeEqual(decoded.slice(separator + 1), app.clientSecret) ? app : undefined;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
