import { useEffect, useRef } from 'react';
import type { MemberZoom } from '../../contracts/api';
import type { StoredSession } from '../shared/storage-items';
import { isFlowRunning, useBackgroundFlow } from './background-flow';
import { authed, meResource, updateMyZoom } from './member-data';
import { useResources } from './resource';
import { useSingleFlightMutation } from './single-flight';

/**
 * The member's own Zoom actions (personal connection, removing the org connection) and the org
 * admins' removal setting. Pages call these hooks; the calls go through the API client.
 */

/** A finished personal flow stays on screen this long, e.g. for a popup reopened after Zoom. */
const RECENT_FLOW_MS = 5 * 60_000;

/**
 * Starts the personal flow in the background and follows it through session:authFlow; the
 * member's Zoom is refetched when it ends.
 */
export function usePersonalFlow(session: StoredSession) {
  const resources = useResources();
  const { flow, running, start, startError } = useBackgroundFlow(
    (stored) =>
      stored?.kind === 'personal' &&
      (isFlowRunning(stored) || Date.now() - stored.startedAt < RECENT_FLOW_MS)
        ? stored
        : null,
    { type: 'personal/start' },
  );
  const lastPhase = useRef(flow?.phase);

  useEffect(() => {
    const phase = flow?.phase;
    if (phase !== lastPhase.current && (phase === 'finished' || phase === 'failed')) {
      void meResource(resources, session).invalidate();
    }
    lastPhase.current = phase;
  }, [flow?.phase, resources, session]);

  return { flow, running, start, startError };
}

function useMemberZoomUpdate(session: StoredSession) {
  const resources = useResources();
  return (zoom: MemberZoom | null) => updateMyZoom(resources, session, zoom);
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
  const check = useSingleFlightMutation({
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
