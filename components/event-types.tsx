import { useState } from 'react';
import { type EventTypeView, locationLabels } from '../lib/contracts/event-types';
import {
  useCreateEventType,
  useDeleteEventType,
  useEventTypes,
  useUpdateEventType,
} from '../lib/extension/pages/event-type-queries';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { ConfirmDialog } from './confirm-dialog';
import { CopyButton } from './copy-button';
import { ErrorState } from './error-state';
import { EventTypeForm } from './event-type-form';
import { LoadingState } from './loading-state';

/**
 * "Your event types" (PRODUCT.md §6): every member's own bookable events, each with a public
 * booking page on the service. A Zoom location whose Zoom does not work says so here.
 */
export function EventTypes({ session }: { session: StoredSession }) {
  const list = useEventTypes(session);
  const create = useCreateEventType(session);
  const [adding, setAdding] = useState(false);

  return (
    <section className="card stack" aria-labelledby="event-types-heading">
      <div className="row">
        <h2 id="event-types-heading">Your event types</h2>
        <span className="spacer" />
        {!adding && list.data && (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            New event type
          </button>
        )}
      </div>
      {list.isPending && <LoadingState label="Loading your event types…" />}
      {list.isError && (
        <ErrorState
          title="Couldn't load your event types."
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      )}
      {adding && list.data && (
        <EventTypeForm
          zoomByDefault={list.data.zoomDefaultLocation}
          saving={create.isPending}
          error={create.error?.message ?? null}
          onSave={(body) =>
            create.mutate(body, {
              onSuccess: () => setAdding(false),
            })
          }
          onCancel={() => {
            create.reset();
            setAdding(false);
          }}
        />
      )}
      {list.data?.eventTypes.length === 0 && !adding && (
        <p className="muted">No event types yet. Create one to get a booking page you can share.</p>
      )}
      {list.data && list.data.eventTypes.length > 0 && (
        <ul className="tight-stack event-type-list">
          {list.data.eventTypes.map((eventType) => (
            <EventTypeItem key={eventType.id} session={session} eventType={eventType} />
          ))}
        </ul>
      )}
    </section>
  );
}

function EventTypeItem({
  session,
  eventType,
}: {
  session: StoredSession;
  eventType: EventTypeView;
}) {
  const update = useUpdateEventType(session);
  const remove = useDeleteEventType(session);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const headingId = `event-type-${eventType.id}`;

  if (editing) {
    return (
      <li className="stack">
        <EventTypeForm
          initial={eventType}
          zoomByDefault={false}
          saving={update.isPending}
          error={update.error?.message ?? null}
          onSave={(body) =>
            update.mutate({ id: eventType.id, body }, { onSuccess: () => setEditing(false) })
          }
          onCancel={() => {
            update.reset();
            setEditing(false);
          }}
        />
      </li>
    );
  }

  return (
    <li className="stack" aria-labelledby={headingId}>
      <div className="row">
        <h3 id={headingId}>{eventType.name}</h3>
        <span className="muted small">
          {eventType.durationMinutes} minutes · {locationLabels[eventType.location.kind]}
          {eventType.location.detail ? ` (${eventType.location.detail})` : ''}
          {eventType.upcomingBookings > 0 ? ` · ${eventType.upcomingBookings} upcoming` : ''}
        </span>
      </div>
      {eventType.locationNeedsAttention && (
        <p className="notice notice-warn" role="status">
          <strong>Location needs attention.</strong> {eventType.locationNeedsAttention} Bookings are
          still taken; invitees are told the Zoom details will follow by email.
        </p>
      )}
      <div className="row">
        <a className="truncate grow" href={eventType.bookingUrl} target="_blank" rel="noreferrer">
          {eventType.bookingUrl}
        </a>
        <CopyButton
          text={eventType.bookingUrl}
          label="Copy booking link"
          ariaLabel={`Copy the booking link for ${eventType.name}`}
        />
        <button type="button" className="button" onClick={() => setEditing(true)}>
          Edit <span className="visually-hidden">{eventType.name}</span>
        </button>
        <button
          type="button"
          className="button button-danger-outline"
          onClick={() => setConfirming(true)}
        >
          Delete <span className="visually-hidden">{eventType.name}</span>
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Delete ${eventType.name}?`}
          confirmLabel="Delete event type"
          danger
          busy={remove.isPending}
          error={remove.error?.message ?? null}
          onConfirm={() => remove.mutate(eventType.id, { onSuccess: () => setConfirming(false) })}
          onCancel={() => {
            remove.reset();
            setConfirming(false);
          }}
        >
          <p>
            Its booking page stops taking bookings. Bookings already made stay, with their Zoom
            meetings.
          </p>
        </ConfirmDialog>
      )}
    </li>
  );
}
