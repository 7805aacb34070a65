import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from '@/lib/extension/shared/api-client';
import { authFlowItem } from '@/lib/extension/shared/storage-items';
import { createOAuthRunner, type IdentityPort } from '@/lib/extension/worker/oauth-runner';
import { apiError, fakeService } from '../../helpers/fake-service';
import { flowResult, SERVICE_URL } from '../../helpers/fixtures';

const REDIRECT = 'https://test-extension-id.chromiumapp.org/zoom';
const STATE = 'state-personal';
const AUTHORIZE = 'https://zoom.test/oauth/authorize?client_id=personal&state=state-personal';

function identity(finalUrl = `${REDIRECT}?state=${STATE}&outcome=connected`): IdentityPort {
  return { redirectUrl: () => REDIRECT, launchWebAuthFlow: vi.fn(async () => finalUrl) };
}

function runner(ports: IdentityPort, token: string | null = 'member-session-token') {
  return createOAuthRunner({
    identity: ports,
    api: async () => createApiClient({ serviceUrl: SERVICE_URL }),
    sessionApi: async () => (token ? createApiClient({ serviceUrl: SERVICE_URL, token }) : null),
    now: () => 1_000,
  });
}

describe('oauth runner, personal flow', () => {
  it("starts the flow with the member's bearer token and records a personal result", async () => {
    const { calls } = fakeService({
      'POST /api/me/zoom/personal/flows': { body: { authorizeUrl: AUTHORIZE, state: STATE } },
      [`GET /api/oauth/flows/${STATE}`]: {
        body: flowResult({ kind: 'personal', zoomEmail: 'max@personal.test', zoomRole: 'Member' }),
      },
    });
    const ports = identity();
    const status = await runner(ports).startPersonal();

    expect(calls[0]?.headers.get('authorization')).toBe('Bearer member-session-token');
    expect(calls[0]?.body).toEqual({ client: 'extension', redirectUri: REDIRECT });
    expect(ports.launchWebAuthFlow).toHaveBeenCalledWith(AUTHORIZE);
    expect(status).toMatchObject({
      kind: 'personal',
      linkToken: null,
      phase: 'finished',
      result: { kind: 'personal', outcome: 'connected', zoomEmail: 'max@personal.test' },
    });
    expect(await authFlowItem.getValue()).toEqual(status);
  });

  it('refuses a redirect carrying another state', async () => {
    fakeService({
      'POST /api/me/zoom/personal/flows': { body: { authorizeUrl: AUTHORIZE, state: STATE } },
    });
    const status = await runner(
      identity(`${REDIRECT}?state=forged&outcome=connected`),
    ).startPersonal();
    expect(status).toMatchObject({
      kind: 'personal',
      phase: 'failed',
      error: { code: 'invalid_state' },
    });
  });

  it('fails without opening Zoom when nobody is signed in', async () => {
    const { calls } = fakeService({});
    const ports = identity();
    const status = await runner(ports, null).startPersonal();
    expect(status).toMatchObject({ phase: 'failed', error: { code: 'service' } });
    expect(status.error?.message).toMatch(/Sign in/);
    expect(ports.launchWebAuthFlow).not.toHaveBeenCalled();
    expect(calls).toHaveLength(0);
  });

  it('keeps the service error code when the service refuses', async () => {
    fakeService({ 'POST /api/me/zoom/personal/flows': apiError(401, 'unauthenticated') });
    const status = await runner(identity()).startPersonal();
    expect(status.error).toMatchObject({ code: 'service', serviceCode: 'unauthenticated' });
  });

  it('shares the one Zoom window with an org approval already running', async () => {
    fakeService({
      'POST /api/approvals/abcdefghijklmnopqrstuv/flows': {
        body: { authorizeUrl: AUTHORIZE, state: STATE },
      },
      'POST /api/me/zoom/personal/flows': { body: { authorizeUrl: AUTHORIZE, state: STATE } },
      [`GET /api/oauth/flows/${STATE}`]: { body: flowResult() },
    });
    const ports = identity();
    const oauth = runner(ports);
    const [org, personal] = await Promise.all([
      oauth.start('abcdefghijklmnopqrstuv'),
      oauth.startPersonal(),
    ]);
    expect(personal).toBe(org);
    expect(ports.launchWebAuthFlow).toHaveBeenCalledOnce();
  });
});
