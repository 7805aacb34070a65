import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Sender } from '@/lib/extension/shared/messaging';
import { authFlowItem, resolvedServiceUrlItem } from '@/lib/extension/shared/storage-items';
import { createBackgroundServices } from '@/lib/extension/worker/background-handlers';
import type { IdentityPort } from '@/lib/extension/worker/oauth-runner';
import { fakeService } from '../../helpers/fake-service';
import { flowResult, LINK_TOKEN, SERVICE_URL } from '../../helpers/fixtures';

const identity: IdentityPort = {
  redirectUrl: () => 'https://test-extension-id.chromiumapp.org/zoom',
  launchWebAuthFlow: async () =>
    'https://test-extension-id.chromiumapp.org/zoom?state=s1&outcome=connected',
};

const landingPage = (origin = SERVICE_URL): Sender => ({
  origin,
  url: `${origin}/approve/${LINK_TOKEN}`,
  tab: { id: 42 } as Sender['tab'],
  frameId: 0,
});

describe('background: messages from the approval landing page', () => {
  it('moves the landing tab to the extension approval page', async () => {
    const update = vi.spyOn(fakeBrowser.tabs, 'update').mockResolvedValue(undefined as never);
    const { external } = createBackgroundServices(identity);
    const reply = await external({ type: 'approval/open', linkToken: LINK_TOKEN }, landingPage());
    expect(reply).toEqual({ ok: true });
    expect(update).toHaveBeenCalledWith(42, {
      url: `chrome-extension://test-extension-id/approve.html#${LINK_TOKEN}`,
    });
  });

  it('follows the service origin set by policy and refuses the old one', async () => {
    await resolvedServiceUrlItem.setValue({
      url: 'https://zoom.acme.test',
      source: 'policy',
      policyRejected: false,
    });
    const update = vi.spyOn(fakeBrowser.tabs, 'update').mockResolvedValue(undefined as never);
    const { external } = createBackgroundServices(identity);

    const old = await external({ type: 'approval/open', linkToken: LINK_TOKEN }, landingPage());
    expect(old).toMatchObject({ ok: false });
    expect(update).not.toHaveBeenCalled();

    const current = await external({ type: 'ping' }, landingPage('https://zoom.acme.test'));
    expect(current).toEqual({ ok: true });
  });
});

describe('background: messages from extension pages', () => {
  it('starts the approval flow and answers before Zoom finishes', async () => {
    fakeService({
      [`POST /api/approvals/${LINK_TOKEN}/flows`]: {
        body: { authorizeUrl: 'https://zoom.test/authorize', state: 's1' },
      },
      'GET /api/oauth/flows/s1': { body: flowResult() },
    });
    const { internal } = createBackgroundServices(identity);
    const sender: Sender = {
      id: fakeBrowser.runtime.id,
      url: fakeBrowser.runtime.getURL('/approve.html'),
      frameId: 0,
    };
    expect(await internal({ type: 'approval/start', linkToken: LINK_TOKEN }, sender)).toEqual({
      ok: true,
    });
    await vi.waitFor(async () =>
      expect(await authFlowItem.getValue()).toMatchObject({
        phase: 'finished',
        result: { outcome: 'connected' },
      }),
    );
  });
});
