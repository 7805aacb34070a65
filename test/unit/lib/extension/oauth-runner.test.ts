import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from '@/lib/extension/shared/api-client';
import { authFlowItem } from '@/lib/extension/shared/storage-items';
import {
  checkRedirect,
  createOAuthRunner,
  type IdentityPort,
  identityError,
} from '@/lib/extension/worker/oauth-runner';
import { apiError, fakeService } from '../../helpers/fake-service';
import { flowResult, LINK_TOKEN, SERVICE_URL } from '../../helpers/fixtures';

const REDIRECT = 'https://test-extension-id.chromiumapp.org/zoom';
const STATE = 'state-123';

function fakeIdentity(launch: IdentityPort['launchWebAuthFlow']): IdentityPort & {
  launchWebAuthFlow: ReturnType<typeof vi.fn>;
} {
  return { redirectUrl: () => REDIRECT, launchWebAuthFlow: vi.fn(launch) };
}

const zoomRedirects = (params: Record<string, string>) => async () =>
  `${REDIRECT}?${new URLSearchParams(params)}`;

function serviceWith(result = flowResult(), start: object = { status: 200 }) {
  return fakeService({
    [`POST /api/approvals/${LINK_TOKEN}/flows`]: {
      body: { authorizeUrl: 'https://zoom.test/oauth/authorize?state=state-123', state: STATE },
      ...start,
    },
    [`GET /api/oauth/flows/${STATE}`]: { body: result },
  });
}

/** A flow left waiting for Zoom by a worker Chrome stopped. */
const orphanedFlow = {
  linkToken: LINK_TOKEN,
  phase: 'waiting_for_zoom',
  startedAt: 900,
  state: STATE,
  result: null,
  error: null,
} as const;

function runner(identity: IdentityPort, onFinished = vi.fn(async () => {})) {
  return createOAuthRunner({
    identity,
    api: async () => createApiClient({ serviceUrl: SERVICE_URL }),
    onFinished,
    now: () => 1_000,
  });
}

describe('oauth runner', () => {
  it('asks the service for a flow with the chromiumapp.org redirect and records the result', async () => {
    const { calls } = serviceWith();
    const identity = fakeIdentity(zoomRedirects({ state: STATE, outcome: 'connected' }));
    const status = await runner(identity).start(LINK_TOKEN);

    expect(calls[0]?.body).toEqual({ client: 'extension', redirectUri: REDIRECT });
    expect(identity.launchWebAuthFlow).toHaveBeenCalledWith(
      'https://zoom.test/oauth/authorize?state=state-123',
    );
    expect(status).toMatchObject({
      phase: 'finished',
      state: STATE,
      result: { outcome: 'connected' },
    });
    expect(await authFlowItem.getValue()).toEqual(status);
  });

  it('writes each phase to storage.session before the next step', async () => {
    serviceWith();
    const phases: (string | undefined)[] = [];
    const identity = fakeIdentity(async () => {
      phases.push((await authFlowItem.getValue())?.phase);
      return `${REDIRECT}?state=${STATE}&outcome=connected`;
    });
    await runner(identity).start(LINK_TOKEN);
    expect(phases).toEqual(['waiting_for_zoom']);
    expect((await authFlowItem.getValue())?.state).toBe(STATE);
  });

  it('takes the outcome from the service, not from the redirect URL', async () => {
    serviceWith(flowResult({ outcome: 'not_admin', zoomEmail: 'm@z.test', zoomRole: 'Member' }));
    const identity = fakeIdentity(zoomRedirects({ state: STATE, outcome: 'connected' }));
    const status = await runner(identity).start(LINK_TOKEN);
    expect(status.result).toMatchObject({ outcome: 'not_admin', zoomRole: 'Member' });
  });

  it('fails with invalid_state when the redirect carries another state', async () => {
    const { calls } = serviceWith();
    const identity = fakeIdentity(zoomRedirects({ state: 'forged', outcome: 'connected' }));
    const status = await runner(identity).start(LINK_TOKEN);
    expect(status).toMatchObject({ phase: 'failed', error: { code: 'invalid_state' } });
    expect(calls.some((call) => call.url.pathname.startsWith('/api/oauth/flows'))).toBe(false);
  });

  it('reports a closed Zoom window as cancelled', async () => {
    serviceWith();
    const identity = fakeIdentity(async () => {
      throw new Error('The user did not approve access.');
    });
    const status = await runner(identity).start(LINK_TOKEN);
    expect(status).toMatchObject({ phase: 'failed', error: { code: 'cancelled' } });
  });

  it("reports Chrome's one-flow-at-a-time error as busy", async () => {
    serviceWith();
    const identity = fakeIdentity(async () => {
      throw new Error('Only one web auth flow is allowed at a time.');
    });
    const status = await runner(identity).start(LINK_TOKEN);
    expect(status.error?.code).toBe('busy');
  });

  it('reports a Zoom page that could not load as a network failure', async () => {
    serviceWith(flowResult({ outcome: 'pending' }));
    const identity = fakeIdentity(async () => {
      throw new Error('Authorization page could not be loaded.');
    });
    expect((await runner(identity).start(LINK_TOKEN)).error?.code).toBe('network');
  });

  it('uses the outcome the service recorded when the Zoom window closed on an error page', async () => {
    serviceWith(flowResult({ outcome: 'not_admin', zoomEmail: 'm@z.test', zoomRole: 'Member' }));
    const identity = fakeIdentity(async () => {
      throw new Error('Authorization page could not be loaded.');
    });
    const status = await runner(identity).start(LINK_TOKEN);
    expect(status).toMatchObject({ phase: 'finished', result: { outcome: 'not_admin' } });
  });

  it('reports the error the service recorded when it could not finish the sign-in', async () => {
    const message =
      'Something went wrong on our side while finishing the Zoom sign-in. Try again in a moment.';
    serviceWith(flowResult({ outcome: 'error', zoomEmail: null, zoomRole: null, message }));
    const identity = fakeIdentity(zoomRedirects({ state: STATE, outcome: 'error' }));
    const status = await runner(identity).start(LINK_TOKEN);
    expect(status).toMatchObject({ phase: 'finished', result: { outcome: 'error', message } });
  });

  it('takes a flow the service reads as expired for finished when the Zoom window failed', async () => {
    serviceWith(flowResult({ outcome: 'expired', zoomEmail: null, zoomRole: null }));
    const identity = fakeIdentity(async () => {
      throw new Error('Authorization page could not be loaded.');
    });
    const status = await runner(identity).start(LINK_TOKEN);
    expect(status).toMatchObject({ phase: 'finished', result: { outcome: 'expired' } });
  });

  it('records a denial the service reports', async () => {
    serviceWith(flowResult({ outcome: 'denied', zoomEmail: null, zoomRole: null }));
    const identity = fakeIdentity(zoomRedirects({ state: STATE, outcome: 'denied' }));
    const status = await runner(identity).start(LINK_TOKEN);
    expect(status).toMatchObject({ phase: 'finished', result: { outcome: 'denied' } });
  });

  it('keeps the service error code when the link can no longer be used', async () => {
    fakeService({
      [`POST /api/approvals/${LINK_TOKEN}/flows`]: apiError(410, 'link_used', 'Already used'),
    });
    const identity = fakeIdentity(zoomRedirects({ state: STATE }));
    const status = await runner(identity).start(LINK_TOKEN);
    expect(status).toMatchObject({
      phase: 'failed',
      error: { code: 'service', serviceCode: 'link_used' },
    });
    expect(identity.launchWebAuthFlow).not.toHaveBeenCalled();
  });

  it('fails when the service cannot report the result', async () => {
    fakeService({
      [`POST /api/approvals/${LINK_TOKEN}/flows`]: {
        body: { authorizeUrl: 'https://zoom.test/a', state: STATE },
      },
      [`GET /api/oauth/flows/${STATE}`]: apiError(500, 'internal', 'Oops'),
    });
    const identity = fakeIdentity(zoomRedirects({ state: STATE, outcome: 'connected' }));
    const status = await runner(identity).start(LINK_TOKEN);
    expect(status).toMatchObject({
      phase: 'failed',
      error: { code: 'service', serviceCode: 'internal' },
    });
  });

  it('joins a second start to the flow already running', async () => {
    serviceWith();
    let finishZoom: (url: string) => void = () => {};
    const identity = fakeIdentity(
      () =>
        new Promise<string>((resolve) => {
          finishZoom = resolve;
        }),
    );
    const oauth = runner(identity);
    const first = oauth.start(LINK_TOKEN);
    const second = oauth.start(LINK_TOKEN);
    expect(second).toBe(first);
    await vi.waitFor(() => expect(identity.launchWebAuthFlow).toHaveBeenCalledOnce());
    finishZoom(`${REDIRECT}?state=${STATE}&outcome=connected`);
    expect((await first).phase).toBe('finished');
    expect(oauth.isRunning()).toBe(false);
  });

  it('refreshes the badge after a flow ends', async () => {
    serviceWith();
    const onFinished = vi.fn(async () => {});
    await runner(
      fakeIdentity(zoomRedirects({ state: STATE, outcome: 'connected' })),
      onFinished,
    ).start(LINK_TOKEN);
    await vi.waitFor(() => expect(onFinished).toHaveBeenCalledOnce());
  });

  it('finishes a flow orphaned by a stopped worker from the service record', async () => {
    serviceWith();
    await authFlowItem.setValue(orphanedFlow);
    await runner(fakeIdentity(zoomRedirects({}))).recoverOrphanedFlow();
    expect(await authFlowItem.getValue()).toMatchObject({
      phase: 'finished',
      result: { outcome: 'connected' },
    });
  });

  it('recovers once when the worker start and the waking message both ask at the same time', async () => {
    const { calls } = serviceWith();
    await authFlowItem.setValue(orphanedFlow);
    const oauth = runner(fakeIdentity(zoomRedirects({})));
    await Promise.all([oauth.recoverOrphanedFlow(), oauth.recoverOrphanedFlow()]);
    expect(calls.filter((c) => c.url.pathname === `/api/oauth/flows/${STATE}`)).toHaveLength(1);
    expect(await authFlowItem.getValue()).toMatchObject({ phase: 'finished' });
  });
});

describe('redirect and error parsing', () => {
  it('accepts our redirect with our state', () => {
    expect(checkRedirect(`${REDIRECT}?state=s&outcome=connected`, REDIRECT, 's')).toBeNull();
  });

  it('refuses a redirect to another address', () => {
    expect(checkRedirect('https://evil.test/zoom?state=s', REDIRECT, 's')?.code).toBe(
      'invalid_state',
    );
  });

  it('treats a Zoom error without an outcome as denied', () => {
    expect(checkRedirect(`${REDIRECT}?state=s&error=access_denied`, REDIRECT, 's')?.code).toBe(
      'denied',
    );
  });

  it('does not show raw Chrome errors', () => {
    expect(identityError(new Error('Identity API is disabled in incognito windows.'))).toEqual({
      code: 'service',
      message: 'The Zoom sign-in window failed.',
    });
  });
});
