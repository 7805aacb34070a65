import { useState } from 'react';
import type {
  MemberBookingsResponse,
  MemberRow,
  UpcomingBookingsChoice,
} from '../lib/contracts/api';
import { useMemberBookings, useRemoveMember } from '../lib/extension/pages/member-queries';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { ConfirmDialog } from './confirm-dialog';

/**
 * Remove, asked first. A member who hosts upcoming bookings leaves them behind: Zoom cannot move
 * a meeting to another host (PRODUCT.md §6), so the owner chooses to cancel them — each invitee
 * is told and the Zoom meetings are deleted — or to keep them as they are (README, "A member
 * leaves"). Nothing is chosen for them: with bookings, Remove waits for a choice.
 */
export function RemoveMemberDialog({
  session,
  member,
  onCancel,
  onRemoved,
}: {
  session: StoredSession;
  member: MemberRow;
  onCancel: () => void;
  onRemoved: (member: MemberRow) => void;
}) {
  const upcoming = useMemberBookings(session, member.id);
  const remove = useRemoveMember(session);
  const [choice, setChoice] = useState<UpcomingBookingsChoice | null>(null);
  const total = upcoming.data?.total ?? 0;
  const ready = upcoming.isSuccess && (total === 0 || choice !== null);

  return (
    <ConfirmDialog
      title={`Remove ${member.name}?`}
      confirmLabel={confirmLabel(total, choice)}
      danger
      busy={remove.isPending}
      confirmDisabled={!ready}
      error={remove.error?.message}
      onCancel={() => {
        remove.reset();
        onCancel();
      }}
      onConfirm={() =>
        remove.mutate(
          { accountId: member.id, ...(total > 0 && choice ? { upcomingBookings: choice } : {}) },
          { onSuccess: () => onRemoved(member) },
        )
      }
    >
      <p>
        {member.email} leaves the organization and can no longer use its Zoom. You can invite them
        again later.
      </p>
      {upcoming.isPending && (
        <p className="small" role="status">
          <span className="spinner" aria-hidden="true" /> Checking {member.name}'s upcoming
          bookings…
        </p>
      )}
      {upcoming.isError && (
        <p role="alert" className="small error-text">
          Their upcoming bookings could not be checked: {upcoming.error.message} Close this and try
          again.
        </p>
      )}
      {upcoming.isSuccess && total === 0 && (
        <p className="small">They have no upcoming bookings.</p>
      )}
      {upcoming.isSuccess && total > 0 && (
        <UpcomingBookings
          name={member.name}
          upcoming={upcoming.data}
          choice={choice}
          onChoice={setChoice}
          disabled={remove.isPending}
        />
      )}
    </ConfirmDialog>
  );
}

function UpcomingBookings({
  name,
  upcoming,
  choice,
  onChoice,
  disabled,
}: {
  name: string;
  upcoming: MemberBookingsResponse;
  choice: UpcomingBookingsChoice | null;
  onChoice: (choice: UpcomingBookingsChoice) => void;
  disabled: boolean;
}) {
  const { total, zoomMeetings, bookings } = upcoming;
  const more = total - bookings.length;
  return (
    <>
      <p>
        {name} hosts {bookingsWord(total)}
        {zoomMeetings > 0 ? `, ${zoomMeetings} with a Zoom meeting` : ''}:
      </p>
      <ul className="small">
        {bookings.map((booking) => (
          <li key={booking.id}>
            {booking.eventName} with {booking.inviteeName} ({booking.inviteeEmail}),{' '}
            {formatStart(booking.startsAt)}
          </li>
        ))}
        {more > 0 && <li>and {more} more</li>}
      </ul>
      <p className="small">
        Zoom cannot move a meeting to another host, so these bookings cannot be handed to someone
        else.
      </p>
      <fieldset className="field-group" disabled={disabled}>
        <legend>What happens to them</legend>
        <label className="row tight">
          <input
            type="radio"
            name="upcoming-bookings"
            value="cancel"
            checked={choice === 'cancel'}
            onChange={() => onChoice('cancel')}
          />
          <span>
            <strong>Cancel them with notice.</strong> Each invitee gets a cancellation email that
            removes it from their calendar; the Zoom meetings are deleted.
          </span>
        </label>
        <label className="row tight">
          <input
            type="radio"
            name="upcoming-bookings"
            value="keep"
            checked={choice === 'keep'}
            onChange={() => onChoice('keep')}
          />
          <span>
            <strong>Keep them.</strong> The bookings and their Zoom links stay as they are, hosted
            by {name}'s Zoom user. The links stop working if that Zoom user is deleted from your
            Zoom account; invitees can still cancel through their link.
          </span>
        </label>
      </fieldset>
    </>
  );
}

function confirmLabel(total: number, choice: UpcomingBookingsChoice | null): string {
  if (total === 0 || choice === null) return 'Remove';
  return choice === 'cancel' ? `Remove and cancel ${bookingsWord(total)}` : 'Remove and keep them';
}

function bookingsWord(n: number): string {
  return n === 1 ? '1 upcoming booking' : `${n} upcoming bookings`;
}

function formatStart(iso: string): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}
