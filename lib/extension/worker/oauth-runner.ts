import { browser } from 'wxt/browser';
import type { AuthFlowStatus } from '../../contracts/messages';
import { isApiError } from '../shared/api-request';
import { authFlowItem } from '../shared/storage-items';
import type { WorkerApi } from '../shared/worker-api';

type FlowErrorCode = NonNullable<AuthFlowStatus['error']>['code'];
interface FlowError {
  code: FlowErrorCode;
  message: string;
  serviceCode?: string | null;
}

/** The one piece of chrome.identity the runner needs, injectable so tests can fake Zoom. */
export interface IdentityPort {
  redirectUrl(): string;
  launchWebAuthFlow(url: string): Promise<string | undefined>;
}

export const browserIdentityPort: IdentityPort = {
  redirectUrl: () => browser.identity.getRedirectURL('zoom'),
  launchWebAuthFlow: (url) => browser.identity.launchWebAuthFlow({ url, interactive: true }),
};

/**
 * Chrome's launchWebAuthFlow rejects with plain strings (identity_constants.h); we match them and
 * never show them raw.
 */
export function identityError(error: unknown): FlowError {
  const text = error instanceof Error ? error.message : String(error);
  if (text.includes('did not approve access') || text.includes('cancelled')) {
    return { code: 'cancelled', message: 'The Zoom window was closed before approving.' };
  }
  if (text.includes('Only one web auth flow')) {
    return { code: 'busy', message: 'A Zoom sign-in window is already open.' };
  }
  if (text.includes('could not be loaded') || text.includes('timed out')) {
    return { code: 'network', message: 'The Zoom window stopped on an error page.' };
  }
  return { code: 'service', message: 'The Zoom sign-in window failed.' };
}

function serviceError(error: unknown): FlowError {
  if (isApiError(error, 'network')) {
    return { code: 'network', message: error.message, serviceCode: null };
  }
  if (isApiError(error))
    return { code: 'service', message: error.message, serviceCode: error.code };
  return { code: 'service', message: 'Something went wrong while talking to the org service.' };
}

/** Checks the chromiumapp.org URL the service redirected to; the state must be the one we got. */
export function checkRedirect(
  finalUrl: string | undefined,
  redirectUri: string,
  expectedState: string,
): FlowError | null {
  if (!finalUrl)
    return { code: 'cancelled', message: 'The Zoom window was closed before approving.' };
  let url: URL;
  try {
    url = new URL(finalUrl);
  } catch {
    return { code: 'invalid_state', message: 'Zoom returned an unexpected address.' };
  }
  if (`${url.origin}${url.pathname}` !== redirectUri.replace(/[?#].*$/, '')) {
    return { code: 'invalid_state', message: 'Zoom returned an unexpected address.' };
  }
  if (url.searchParams.get('state') !== expectedState) {
    return {
      code: 'invalid_state',
      message: 'The answer from Zoom does not belong to this sign-in.',
    };
  }
  if (url.searchParams.has('error') && !url.searchParams.has('outcome')) {
    return { code: 'denied', message: 'You declined the request in Zoom.' };
  }
  return null;
}

export interface OAuthRunnerDeps {
  identity: IdentityPort;
  /** An unauthenticated client for the current service URL (the link is the credential). */
  api: () => Promise<WorkerApi>;
  /** A client carrying the signed-in member's session, for personal flows; null if signed out. */
  sessionApi?: () => Promise<WorkerApi | null>;
  onFinished?: () => Promise<void>;
  now?: () => number;
}

export type OAuthRunner = ReturnType<typeof createOAuthRunner>;

/** What to connect: the org, through an approval link, or the signed-in member's own Zoom. */
export type FlowRequest = { kind: 'org'; linkToken: string } | { kind: 'personal' };

const FLOW_LIFETIME_MS = 10 * 60_000;

export function createOAuthRunner(deps: OAuthRunnerDeps) {
  const now = deps.now ?? Date.now;
  let inFlight: Promise<AuthFlowStatus> | null = null;

  async function write(status: AuthFlowStatus): Promise<AuthFlowStatus> {
    await authFlowItem.setValue(status);
    return status;
  }

  function failed(status: AuthFlowStatus, error: FlowError): Promise<AuthFlowStatus> {
    return write({
      ...status,
      phase: 'failed',
      error: { code: error.code, message: error.message, serviceCode: error.serviceCode ?? null },
    });
  }

  function initialStatus(request: FlowRequest): AuthFlowStatus {
    return {
      kind: request.kind,
      linkToken: request.kind === 'org' ? request.linkToken : null,
      phase: 'starting',
      startedAt: now(),
      state: null,
      result: null,
      error: null,
    };
  }

  /** Asks the service for Zoom's authorize URL: by approval link, or as the signed-in member. */
  async function startAtService(request: FlowRequest, redirectUri: string) {
    const body = { client: 'extension' as const, redirectUri };
    if (request.kind === 'org') return (await deps.api()).startFlow(request.linkToken, body);
    const api = await deps.sessionApi?.();
    if (!api) throw new Error('signed_out');
    return api.startPersonalFlow(body);
  }

  async function run(request: FlowRequest): Promise<AuthFlowStatus> {
    // Every step is written to storage.session before the next one starts, so a page (or a
    // restarted worker) can tell where the flow stopped even if this promise never settles.
    let status = await write(initialStatus(request));
    const api = await deps.api();
    const redirectUri = deps.identity.redirectUrl();

    let flow: { authorizeUrl: string; state: string };
    try {
      flow = await startAtService(request, redirectUri);
    } catch (error) {
      if (error instanceof Error && error.message === 'signed_out') {
        return failed(status, { code: 'service', message: 'Sign in to connect your Zoom.' });
      }
      return failed(status, serviceError(error));
    }
    status = await write({ ...status, phase: 'waiting_for_zoom', state: flow.state });

    let finalUrl: string | undefined;
    try {
      finalUrl = await deps.identity.launchWebAuthFlow(flow.authorizeUrl);
    } catch (error) {
      const problem = identityError(error);
      // Chrome closes the window on any error page, e.g. Zoom refusing an admin-managed app to a
      // non-admin (HTTP 403); if the service did record an outcome, that is the better answer.
      if (problem.code === 'network') {
        const result = await api.flowResult(flow.state).catch(() => null);
        if (result && result.outcome !== 'pending') {
          return write({ ...status, phase: 'finished', result });
        }
      }
      return failed(status, problem);
    }
    const redirectProblem = checkRedirect(finalUrl, redirectUri, flow.state);
    if (redirectProblem) return failed(status, redirectProblem);

    try {
      const result = await api.flowResult(flow.state);
      return write({ ...status, phase: 'finished', result });
    } catch (error) {
      return failed(status, serviceError(error));
    }
  }

  /**
   * One flow at a time, of either kind: Chrome allows a single web auth window, so a second start
   * joins the first.
   */
  function startFlow(request: FlowRequest): Promise<AuthFlowStatus> {
    if (!inFlight) {
      inFlight = run(request)
        .catch(() =>
          write({
            ...initialStatus(request),
            phase: 'failed',
            error: { code: 'service', message: 'The sign-in could not start.', serviceCode: null },
          }),
        )
        .finally(() => {
          inFlight = null;
          void deps.onFinished?.().catch(() => {});
        });
    }
    return inFlight;
  }

  /**
   * Called when a worker starts. A flow still marked running belongs to a worker that was
   * stopped mid-flow; the service knows how it ended, so ask it rather than leave pages waiting.
   */
  // A woken worker recovers on start and again for the message that woke it: one recovery
  // (one storage read, at most one question to the service) answers both.
  let recovering: Promise<void> | null = null;
  function recoverOrphanedFlow(): Promise<void> {
    recovering ??= recover().finally(() => {
      recovering = null;
    });
    return recovering;
  }

  async function recover(): Promise<void> {
    const status = await authFlowItem.getValue();
    if (inFlight || !status || status.phase === 'finished' || status.phase === 'failed') return;
    const restarted: FlowError = {
      code: 'network',
      message: 'The extension restarted during the Zoom sign-in. Try again.',
    };
    if (!status.state || now() - status.startedAt > FLOW_LIFETIME_MS) {
      await failed(status, restarted);
      return;
    }
    try {
      const result = await (await deps.api()).flowResult(status.state);
      if (result.outcome === 'pending') await failed(status, restarted);
      else await write({ ...status, phase: 'finished', result });
    } catch (error) {
      await failed(status, serviceError(error));
    }
  }

  return {
    /** The org approval through an approval link. */
    start: (linkToken: string) => startFlow({ kind: 'org', linkToken }),
    /** The signed-in member's personal Zoom. */
    startPersonal: () => startFlow({ kind: 'personal' }),
    recoverOrphanedFlow,
    isRunning: () => inFlight !== null,
  };
}
