import type { FlowOutcome } from '../../lib/contracts/api';
import type { Deps } from '../deps';
import {
  ZoomApiError,
  type ZoomApp,
  ZoomOAuthError,
  type ZoomTokens,
  ZoomUnavailableError,
  type ZoomUser,
} from '../zoom/client';
import { revokeGrant } from '../zoom/revoke';
import { callbackUrl, type OAuthFlow } from './oauth-flows';

/** What a finished flow tells its page: outcome plus who signed in and why it ended so. */
export type Detail = NonNullable<OAuthFlow['outcomeDetail']>;
export type FlowEnd = { outcome: FlowOutcome; detail: Detail };

/** A Zoom failure during a sign-in becomes the flow's `error` outcome; anything else is a bug. */
function zoomFailure(err: unknown): FlowEnd {
  if (
    err instanceof ZoomOAuthError ||
    err instanceof ZoomApiError ||
    err instanceof ZoomUnavailableError
  ) {
    return {
      outcome: 'error',
      detail: { message: `Zoom could not complete the sign-in (${err.message}). Try again.` },
    };
  }
  throw err;
}

/**
 * The step every flow shares after Zoom's redirect: code → tokens (client secret + PKCE
 * verifier, same redirect URI as /authorize) → who signed in (`GET /users/me`).
 */
export async function redeemZoomCode(
  deps: Deps,
  flow: OAuthFlow,
  code: string,
  app: ZoomApp,
): Promise<{ ok: true; tokens: ZoomTokens; user: ZoomUser } | { ok: false; end: FlowEnd }> {
  try {
    const tokens = await deps.zoom.exchangeCode(app, {
      code,
      redirectUri: callbackUrl(deps),
      codeVerifier: deps.vault.open(flow.codeVerifierSealed),
    });
    const user = await deps.zoom.getUser(tokens.access_token, 'me');
    return { ok: true, tokens, user };
  } catch (err) {
    return { ok: false, end: zoomFailure(err) };
  }
}

/** The grant is useless to us either way; a failed revoke must not fail the user's flow. */
export async function revokeQuietly(deps: Deps, token: string, app: ZoomApp): Promise<void> {
  await revokeGrant(deps.zoom, app, [token]);
}
