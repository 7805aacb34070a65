import { useRepairProgress } from '../lib/extension/pages/org-lifecycle-queries';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { formatDate } from './words';

const bookingsWord = (n: number) =>
  `${n.toLocaleString('en-US')} upcoming booking${n === 1 ? '' : 's'}`;

/**
 * After the org's Zoom (or a host's) changed, upcoming bookings get new meetings in the
 * background (server/domain/booking-repair.ts). While that runs the console says how many are
 * left, and asks again every 2 s; bookings whose host has no working Zoom are named too.
 */
export function RepairProgressNotice({ session }: { session: StoredSession }) {
  const progress = useRepairProgress(session);
  const data = progress.data;
  if (!data || (data.pending === 0 && data.waitingForZoom === 0)) return null;
  return (
    <div className="notice notice-info stack" role="status">
      {data.pending > 0 && (
        <p className="small">
          Moving Zoom meetings: {bookingsWord(data.pending)} still to get a new Zoom meeting. Each
          invitee is emailed the new details.
          {data.deferred > 0 &&
            data.resumesAt &&
            ` Zoom's daily limit paused ${data.deferred.toLocaleString('en-US')} of them until ${formatDate(data.resumesAt)}.`}
        </p>
      )}
      {data.waitingForZoom > 0 && (
        <p className="small">
          {bookingsWord(data.waitingForZoom)}{' '}
          {data.waitingForZoom === 1
            ? "has no Zoom meeting: its host has no working Zoom. The invitee was told the details will follow and gets them once the host's Zoom works again."
            : "have no Zoom meeting: their hosts have no working Zoom. The invitees were told the details will follow and get them once the host's Zoom works again."}
        </p>
      )}
    </div>
  );
}
