import { useEffect, useState } from 'react';
import type { AuthFlowStatus, InternalMessage } from '../../contracts/messages';
import { sendToBackground } from '../shared/messaging';
import { authFlowItem } from '../shared/storage-items';
import { useStorageItem } from './use-storage-item';

export function isFlowRunning(flow: AuthFlowStatus | null): boolean {
  return flow?.phase === 'starting' || flow?.phase === 'waiting_for_zoom';
}

/**
 * One OAuth flow the background runs (the org approval or the member's personal connection),
 * as a page sees it: `start` asks the background to begin, and the flow is followed through
 * session:authFlow, which the background writes (README, extension; oauth-runner.ts). `pick`
 * says which stored flow is this page's. `starting` covers the moment between the click and the
 * background's first write, which supersedes it.
 */
export function useBackgroundFlow(
  pick: (stored: AuthFlowStatus | null) => AuthFlowStatus | null,
  startMessage: InternalMessage,
) {
  const item = useStorageItem(authFlowItem);
  const flow = pick(item.value ?? null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);

  useEffect(() => {
    if (item.loaded) setStarting(false);
  }, [item]);

  const start = async () => {
    setStarting(true);
    setStartError(null);
    const reply = await sendToBackground(startMessage);
    if (!reply.ok) {
      setStarting(false);
      setStartError(reply.error.message);
    }
  };

  return { flow, starting, running: starting || isFlowRunning(flow), start, startError };
}
