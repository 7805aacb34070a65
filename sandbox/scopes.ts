import type { SandboxApp } from './store.ts';

/**
 * Granular scopes of the two sandbox apps (zoom-platform.md §2). Zoom takes them from the app's
 * configuration, not from the authorize URL, and answers a call outside them with code 4711.
 */
export const ADMIN_APP_SCOPES = [
  'meeting:write:meeting:admin',
  'user:read:user:admin',
  'meeting:read:invitation:admin',
  'meeting:delete:meeting:admin',
  'meeting:read:list_meetings:admin',
];
export const USER_APP_SCOPES = [
  'meeting:write:meeting',
  'user:read:user',
  'meeting:read:invitation',
  'meeting:delete:meeting',
  'meeting:read:list_meetings',
];

export function appScopes(app: SandboxApp): string[] {
  return app.scopes ?? (app.type === 'admin' ? ADMIN_APP_SCOPES : USER_APP_SCOPES);
}

/** An endpoint's scope in the app's form: `meeting:delete:meeting` → `…:admin` for admin apps. */
export function scopeFor(app: SandboxApp, userScope: string): string {
  return app.type === 'admin' ? `${userScope}:admin` : userScope;
}

export function missingScopeMessage(scope: string): string {
  return `Invalid access token, does not contain scopes:[${scope}].`;
}
