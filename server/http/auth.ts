import { createMiddleware } from 'hono/factory';
import type { AppEnv, Deps } from '../deps';
import { DomainError } from '../domain/errors';
import { resolveSession } from '../domain/sessions';
import { requestHeader } from './request-header';

export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer ([A-Za-z0-9_-]{20,200})$/);
  return match?.[1] ?? null;
}

/** Every /api route except sign-in and the approval-link ones runs behind this. */
export function requireSession(deps: Deps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = bearerToken(requestHeader(c, 'authorization'));
    const resolved = token ? await resolveSession(deps, token) : null;
    if (!resolved) throw new DomainError('unauthenticated', 'Sign in to continue.');
    c.set('session', resolved.session);
    c.set('memberZoomState', resolved.memberZoom);
    await next();
  });
}

/** Owners and admins only; members get 403 and nothing runs. */
export const requireOrgAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('session').role === 'user') {
    throw new DomainError('forbidden', 'Only organization owners and admins can do this.');
  }
  await next();
});
