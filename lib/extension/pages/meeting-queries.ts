import type { CreateMeetingBody } from '../../contracts/api';
import { isApiError } from '../shared/api-request';
import { lastMeetingItem, type StoredSession } from '../shared/storage-items';
import { authed, meResource } from './member-data';
import { useResources } from './resource';
import { useSingleFlightMutation } from './single-flight';

/** Answers that mean the member's Zoom changed since the popup loaded it (PRODUCT.md §6). */
const zoomChangedCodes = ['zoom_not_connected', 'zoom_needs_reconnect', 'zoom_user_not_found'];

/**
 * "New Zoom meeting": created by the service through the member's active connection. When the
 * answer shows that connection changed (it fell back to the org's, or there is none), the
 * member's Zoom is refetched so the status above the form says the same as the result.
 */
export function useCreateMeeting(session: StoredSession) {
  const me = meResource(useResources(), session);
  const refreshMyZoom = () => me.invalidate();
  return useSingleFlightMutation({
    mutationFn: (body: CreateMeetingBody) => authed(session, (api) => api.createMeeting(body)),
    onSuccess: (meeting) => {
      void lastMeetingItem.setValue({
        accountId: session.account.id,
        meeting,
        savedAt: Date.now(),
      });
      // Fell back, or worked again after Zoom's 1001 (the member was added in Zoom meanwhile).
      const shown = me.get().data;
      if (meeting.fellBack || shown?.zoom.status !== 'connected') void refreshMyZoom();
    },
    onError: (error) => {
      if (zoomChangedCodes.some((code) => isApiError(error, code))) void refreshMyZoom();
    },
  });
}
