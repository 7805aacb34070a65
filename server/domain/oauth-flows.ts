import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { FlowOutcome, FlowResult, StartFlowBody } from '../../lib/contracts/api';
import { hashToken, newId, randomToken } from '../crypto/tokens';
import { oauthFlows, orgs } from '../db/schema';
import type { Deps } from '../deps';
import { zoomApp } from '../zoom/apps';
import { redeemableLink } from './approval-links';
import { DomainError } from './errors';
import { completeOrgApproval } from './org-approval';
import { completePersonalConnection } from './personal-connection';

/** PKCE verifier and state live 10 minutes, server-side, and are redeemed once. */
const FLOW_TTL_MS = 10 * 60_000;
const EXPIRED_MESSAGE = 'The Zoom sign-in was not finished within 10 minutes. Start again.';

export type OAuthFlow = typeof oauthFlows.$inferSelect;

export function callbackUrl(deps: Deps): string {
  return `${deps.env.PUBLIC_URL}/oauth/zoom/callback`;
}

/**
 * Only our own extension may receive the outcome: https://<allowed id>.chromiumapp.org/…
 * (an open redirect here would hand flow states to any site).
 */
export function checkExtensionRedirect(deps: Deps, redirectUri: string): string {
  const url = new URL(redirectUri);
  const id = url.hostname.endsWith('.chromiumapp.org')
    ? url.hostname.slice(0, -'.chromiumapp.org'.length)
    : '';
  if (url.protocol !== 'https:' || !deps.env.EXTENSION_IDS.includes(id) || url.search || url.hash) {
    throw new DomainError('invalid_redirect', 'This redirect URI is not one of our extensions.');
  }
  return url.toString();
}

/** Starts the org approval: returns Zoom's authorize URL with state and an S256 challenge. */
export async function startOrgApprovalFlow(
  deps: Deps,
  linkToken: string,
  body: StartFlowBody,
): Promise<{ authorizeUrl: string; state: string }> {
  const { link } = await redeemableLink(deps.db, deps.now(), linkToken);
  return createFlow(deps, {
    kind: 'org',
    orgId: link.orgId,
    approvalLinkId: link.id,
    accountId: null,
    body,
    clientId: zoomApp(deps.env, 'org').clientId,
  });
}

/**
 * One server-assisted OAuth flow, for either Zoom app: state and PKCE verifier stay here
 * (hashed / sealed), and the browser gets only Zoom's authorize URL.
 */
export async function createFlow(
  deps: Deps,
  flow: {
    kind: OAuthFlow['kind'];
    orgId: string;
    approvalLinkId: string | null;
    accountId: string | null;
    body: StartFlowBody;
    clientId: string;
  },
): Promise<{ authorizeUrl: string; state: string }> {
  const now = deps.now();
  const finalRedirect =
    flow.body.client === 'extension'
      ? checkExtensionRedirect(deps, flow.body.redirectUri)
      : `${deps.env.PUBLIC_URL}/approve/result`;
  const state = randomToken();
  const verifier = randomBytes(32).toString('base64url');
  await deps.db.insert(oauthFlows).values({
    id: newId(),
    stateHash: hashToken(state),
    kind: flow.kind,
    client: flow.body.client,
    orgId: flow.orgId,
    approvalLinkId: flow.approvalLinkId,
    accountId: flow.accountId,
    codeVerifierSealed: deps.vault.seal(verifier),
    finalRedirect,
    createdAt: now,
    expiresAt: new Date(now.getTime() + FLOW_TTL_MS),
  });
  const authorizeUrl = deps.zoom.authorizeUrl({
    clientId: flow.clientId,
    redirectUri: callbackUrl(deps),
    state,
    codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
  });
  return { authorizeUrl, state };
}

export interface CallbackParams {
  state: string;
  code?: string;
  error?: string;
}

/**
 * Zoom's redirect lands here. The flow row is claimed with a conditional update first, so a
 * replayed or concurrent callback for the same state does nothing.
 */
export async function handleOAuthCallback(
  deps: Deps,
  params: CallbackParams,
): Promise<{ flow: OAuthFlow; outcome: FlowOutcome }> {
  const now = deps.now();
  const [flow] = await deps.db
    .update(oauthFlows)
    .set({ consumedAt: now })
    .where(and(eq(oauthFlows.stateHash, hashToken(params.state)), isNull(oauthFlows.consumedAt)))
    .returning();
  if (!flow)
    throw new DomainError('flow_not_found', 'This sign-in has already been used or never started.');

  let outcome: FlowOutcome;
  let detail: NonNullable<OAuthFlow['outcomeDetail']> = {};
  if (flow.expiresAt <= now) {
    outcome = 'expired';
    detail.message = EXPIRED_MESSAGE;
  } else if (params.error || !params.code) {
    outcome = params.error === 'access_denied' ? 'denied' : 'error';
    detail.message =
      outcome === 'denied'
        ? 'Zoom access was declined.'
        : `Zoom returned an error: ${params.error ?? 'no code'}.`;
  } else {
    ({ outcome, detail } = await completeOrRecordFailure(deps, flow, params.code));
  }
  await deps.db
    .update(oauthFlows)
    .set({ outcome, outcomeDetail: detail })
    .where(eq(oauthFlows.id, flow.id));
  return { flow, outcome };
}

/**
 * The flow row is already claimed, so a completion that throws would leave its outcome
 * `pending` for good and the person "Waiting for Zoom". It ends as `error` instead, in plain
 * words; should even that write fail, the flow reads as expired once past its life.
 */
async function completeOrRecordFailure(
  deps: Deps,
  flow: OAuthFlow,
  code: string,
): Promise<{ outcome: FlowOutcome; detail: NonNullable<OAuthFlow['outcomeDetail']> }> {
  const complete = flow.kind === 'personal' ? completePersonalConnection : completeOrgApproval;
  try {
    return await complete(deps, flow, code);
  } catch (err) {
    console.error(`Finishing Zoom sign-in ${flow.id} failed`, err);
    return {
      outcome: 'error',
      detail: {
        message:
          'Something went wrong on our side while finishing the Zoom sign-in. Try again in a moment.',
      },
    };
  }
}

/** Where the browser goes after the callback, carrying only the state and the outcome. */
export function finalRedirectUrl(flow: OAuthFlow, state: string, outcome: FlowOutcome): string {
  const url = new URL(flow.finalRedirect);
  url.searchParams.set('state', state);
  url.searchParams.set('outcome', outcome);
  return url.toString();
}

/** The outcome, for whoever holds the (unguessable) state: the extension or the web page. */
export async function flowResult(deps: Deps, state: string): Promise<FlowResult> {
  const [row] = await deps.db
    .select({ flow: oauthFlows, orgName: orgs.name })
    .from(oauthFlows)
    .innerJoin(orgs, eq(orgs.id, oauthFlows.orgId))
    .where(eq(oauthFlows.stateHash, hashToken(state)))
    .limit(1);
  if (!row) throw new DomainError('flow_not_found', 'No such Zoom sign-in.');
  // Past its life nothing can finish it any more: a flow still pending then has expired.
  const expired = row.flow.outcome === 'pending' && row.flow.expiresAt <= deps.now();
  const detail = expired ? { message: EXPIRED_MESSAGE } : (row.flow.outcomeDetail ?? {});
  return {
    outcome: expired ? 'expired' : (row.flow.outcome as FlowOutcome),
    kind: row.flow.kind,
    orgName: row.orgName,
    zoomEmail: detail.zoomEmail ?? null,
    zoomRole: detail.zoomRole ?? null,
    message: detail.message ?? null,
  };
}
