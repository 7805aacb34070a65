import type { FlowOutcome } from '../../lib/contracts/api';
import type { Deps } from '../deps';
import type { ZoomAppConfig } from '../zoom/apps';
import {
  ZoomApiError,
  ZoomOAuthError,
  type ZoomTokens,
  ZoomUnavailableError,
  type ZoomUser,
} from '../zoom/client';
import { discardGrant, keptGrantNote } from './grant-discard';
import { callbackUrl, type OAuthFlow } from './oauth-flows';

/** What a finished flow tells its page: outcome plus who signed in and why it ended so. */
export type Detail = NonNullable<OAuthFlow['outcomeDetail']>;
export type FlowEnd = { outcome: FlowOutcome; detail: Detail };

/** A Zoom failure during a sign-in becomes the flow's `error` outcome; anything else is a bug. */
function zoomFailure(err: unknown, note = ''): FlowEnd {
  if (
    err instanceof ZoomOAuthError ||
    err instanceof ZoomApiError ||
    err instanceof ZoomUnavailableError
  ) {
    return {
      outcome: 'error',
      detail: {
        message: `Zoom could not complete the sign-in (${err.message}). Try again.${note}`,
      },
    };
  }
  throw err;
}

/**
 * The step every flow shares after Zoom's redirect: code → tokens (client secret + PKCE
 * verifier, same redirect URI as /authorize) → who signed in (`GET /users/me`). Once the code
 * is exchanged the grant exists at Zoom, so if we cannot learn who signed in it is discarded
 * (./grant-discard.ts) rather than left installed with nobody holding its tokens.
 */
export async function redeemZoomCode(
  deps: Deps,
  flow: OAuthFlow,
  code: string,
  app: ZoomAppConfig,
): Promise<{ ok: true; tokens: ZoomTokens; user: ZoomUser } | { ok: false; end: FlowEnd }> {
  let tokens: ZoomTokens;
  try {
    tokens = await deps.zoom.exchangeCode(app, {
      code,
      redirectUri: callbackUrl(deps),
      codeVerifier: deps.vault.open(flow.codeVerifierSealed),
    });
  } catch (err) {
    return { ok: false, end: zoomFailure(err) };
  }
  try {
    const user = await deps.zoom.getUser(tokens.access_token, 'me');
    return { ok: true, tokens, user };
  } catch (err) {
    const grant = await discardGrant(deps, app.kind, tokens.access_token, null);
    return { ok: false, end: zoomFailure(err, keptGrantNote(grant)) };
  }
}
