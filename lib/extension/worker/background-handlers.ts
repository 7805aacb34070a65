import { browser } from 'wxt/browser';
import {
  createExternalReceiver,
  createInternalReceiver,
  okReply,
  type Receiver,
  refusal,
} from '../shared/messaging';
import { approvalPageUrl } from '../shared/page-actions';
import { currentServiceUrl, serviceOrigin } from '../shared/service-url';
import { activeSession } from '../shared/session';
import { sessionItem } from '../shared/storage-items';
import { createWorkerApi } from '../shared/worker-api';
import { refreshBadge } from './badge';
import { browserIdentityPort, createOAuthRunner, type IdentityPort } from './oauth-runner';

/** The background's services, built once per worker; `identity` is injectable for tests. */
export function createBackgroundServices(identity: IdentityPort = browserIdentityPort) {
  const badge = async () => {
    const serviceUrl = await currentServiceUrl();
    return refreshBadge({
      session: async () => activeSession(await sessionItem.getValue(), serviceUrl),
      api: (session) => createWorkerApi({ serviceUrl, token: session.token }),
    });
  };
  const refreshBadgeQuietly = () =>
    badge().then(
      () => {},
      () => {},
    );

  const oauth = createOAuthRunner({
    identity,
    api: async () => createWorkerApi({ serviceUrl: await currentServiceUrl() }),
    sessionApi: async () => {
      const serviceUrl = await currentServiceUrl();
      const session = activeSession(await sessionItem.getValue(), serviceUrl);
      return session ? createWorkerApi({ serviceUrl, token: session.token }) : null;
    },
    onFinished: refreshBadgeQuietly,
  });

  const internal: Receiver = createInternalReceiver({
    'approval/start': async ({ linkToken }) => {
      // Not awaited: the page follows session:authFlow, and a reply held open for the whole
      // Zoom sign-in would count against the worker's 5-minute event limit.
      void oauth.start(linkToken);
      return okReply();
    },
    'personal/start': async () => {
      // Not awaited, like the approval: the page follows session:authFlow (kind 'personal').
      void oauth.startPersonal();
      return okReply();
    },
    'badge/refresh': async () => {
      await refreshBadgeQuietly();
      return okReply();
    },
    'flow/resume': async () => {
      // A no-op while this worker runs the flow; after a restart it asks the service.
      await oauth.recoverOrphanedFlow();
      return okReply();
    },
  });

  const external: Receiver = createExternalReceiver(
    async () => serviceOrigin(await currentServiceUrl()),
    {
      ping: async () => okReply(),
      'approval/open': async ({ linkToken }, sender) => {
        const tabId = sender.tab?.id;
        if (tabId === undefined) return refusal('untrusted_sender', 'Sender not allowed.');
        await browser.tabs.update(tabId, { url: approvalPageUrl(linkToken) });
        return okReply();
      },
    },
  );

  return { internal, external, oauth, refreshBadge: refreshBadgeQuietly };
}
