import { useState } from 'react';
import { useBookingLinks } from '../lib/extension/pages/member-data';
import { copyText } from '../lib/extension/shared/page-actions';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { ErrorState } from './error-state';

/**
 * The popup's "Copy booking link" for each of the member's event types (PRODUCT.md §6). Hidden
 * until the member has one: they are made in the options page ("Your event types"). One status
 * line for all buttons, as in meeting-created.tsx, and no CopyButton: the popup's weight is
 * budgeted (test/unit/bundle-budget.test.ts).
 */
export function BookingLinks({ session }: { session: StoredSession }) {
  const [status, setStatus] = useState('');
  const links = useBookingLinks(session);
  if (links.isError) {
    return (
      <ErrorState
        title="Couldn't load your booking links."
        error={links.error}
        onRetry={() => void links.refetch()}
      />
    );
  }
  if (!links.data?.eventTypes.length) return null;
  return (
    <section className="card stack" aria-label="Booking links">
      {links.data.eventTypes.map(({ id, name, bookingUrl }) => (
        <div key={id} className="row">
          <span className="grow truncate">{name}</span>
          <button
            type="button"
            className="button"
            aria-label={`Copy the booking link for ${name}`}
            onClick={async () =>
              setStatus(
                (await copyText(bookingUrl))
                  ? `Copied the booking link for ${name}`
                  : `Couldn't copy: the link is ${bookingUrl}`,
              )
            }
          >
            Copy booking link
          </button>
        </div>
      ))}
      <span role="status" className="small muted">
        {status}
      </span>
    </section>
  );
}
