import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { MemberZoom, MeResponse } from '../../contracts/api';
import type { AuthFlowStatus } from '../../contracts/messages';
import { sendToBackground } from '../shared/messaging';
import { authFlowItem, type StoredSession } from '../shared/storage-items';
import { authed, queryKeys } from './queries';
import { useSingleFlightMutation } from './single-flight';
import { useStorageItem } from './use-storage-item';

/**
 * The member's own Zoom actions (personal connection, removing the org connection) and the org
 * admins' removal setting. Pages call these hooks; the calls go through the API client.
 */

/** A finished personal flow stays on screen this long, e.g. for a popup reopened after Zoom. */
const RECENT_FLOW_MS = 5 * 60_000;

function isRunning(flow: AuthFlowStatus | null): boolean {
  return flow?.phase === 'starting' || flow?.phase === 'waiting_for_zoom';
}

/**
 * Starts the personal flow in the background and follows it through session:authFlow; the
 * member's Zoom is refetched when it ends.
 */
export function usePersonalFlow(session: StoredSession) {
  const client = useQueryClient();
  const item = useStorageItem(authFlowItem);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const stored = item.value?.kind === 'personal' ? item.value : null;
  const flow =
    stored && (isRunning(stored) || Date.now() - stored.startedAt < RECENT_FLOW_MS) ? stored : null;
  const lastPhase = useRef(flow?.phase);

  useEffect(() => {
    if (item.loaded) setStarting(false);
  }, [item]);

  useEffect(() => {
    const phase = flow?.phase;
    if (phase !== lastPhase.current && (phase === 'finished' || phase === 'failed')) {
      void client.invalidateQueries({ queryKey: queryKeys.me(session) });
    }
    lastPhase.current = phase;
  }, [flow?.phase, client, session]);

  const start = async () => {
    setStarting(true);
    setStartError(null);
    const reply = await sendToBackground({ type: 'personal/start' });
    if (!reply.ok) {
      setStarting(false);
      setStartError(reply.error.message);
    }
  };

  return { flow, running: starting || isRunning(flow), start, startError };
}

function useMemberZoomUpdate(session: StoredSession) {
  const client = useQueryClient();
  return (zoom: MemberZoom | null) => {
    if (zoom) {
      client.setQueryData<MeResponse>(queryKeys.me(session), (me) => (me ? { ...me, zoom } : me));
    }
    return client.invalidateQueries({ queryKey: queryKeys.me(session) });
  };
}

export function useDisconnectPersonal(session: StoredSession) {
  const update = useMemberZoomUpdate(session);
  return useSingleFlightMutation({
    mutationFn: () => authed(session, (api) => api.disconnectPersonal()),
    onSuccess: () => update(null),
  });
}

/** Remove the org connection for myself (`true`) or add it back (`false`). */
export function useOrgConnectionChoice(session: StoredSession) {
  const update = useMemberZoomUpdate(session);
  return useSingleFlightMutation({
    mutationFn: (removed: boolean) =>
      authed(session, (api) => api.setOrgConnectionRemoved(removed)),
    onSuccess: (zoom) => update(zoom),
  });
}

/**
 * Asks the service to confirm a personal grant still works (`POST /api/me/zoom/personal/check`)
 * once per options-page visit: a grant revoked in Zoom then shows "Needs reconnect" here, with
 * the organization's Zoom in use meanwhile. Not from the popup, which opens far more often.
 */
export function usePersonalHealthCheck(session: StoredSession, zoom: MemberZoom | undefined) {
  const update = useMemberZoomUpdate(session);
  const checked = useRef(false);
  const check = useMutation({
    mutationFn: () => authed(session, (api) => api.checkPersonal()),
    onSuccess: (result) => update(result),
  });
  const { mutate } = check;
  useEffect(() => {
    if (checked.current || zoom?.personal !== 'active') return;
    checked.current = true;
    mutate();
  }, [zoom?.personal, mutate]);
  return check;
}
