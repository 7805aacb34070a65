import { useEffect, useId, useRef, useState } from 'react';
import type { DisconnectImpact } from '../lib/contracts/api';
import {
  useDisconnectImpact,
  useDisconnectOrgZoom,
} from '../lib/extension/pages/org-lifecycle-queries';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { ErrorState } from './error-state';
import { LoadingState } from './loading-state';

/**
 * "Disconnect" and its confirmation (PRODUCT.md §4.5): the impact is loaded and shown before the
 * admin can confirm. A native modal <dialog> gives the focus trap, Escape and the inert page.
 */
export function OrgDisconnect({ session }: { session: StoredSession }) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);

  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };

  return (
    <>
      <button
        ref={trigger}
        type="button"
        className="button button-danger-outline"
        onClick={() => setOpen(true)}
      >
        Disconnect
      </button>
      {open && <DisconnectDialog session={session} onClose={close} />}
    </>
  );
}

function DisconnectDialog({ session, onClose }: { session: StoredSession; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const impact = useDisconnectImpact(session, true);
  const disconnect = useDisconnectOrgZoom(session);

  useEffect(() => {
    const node = dialog.current;
    if (node && !node.open) node.showModal();
    return () => node?.close();
  }, []);

  // Closed before the parent moves focus: while the modal is open the rest of the page is inert
  // and the Disconnect button could not take focus back.
  const dismiss = () => {
    dialog.current?.close();
    onClose();
  };
  const confirm = () => disconnect.mutate(undefined, { onSuccess: dismiss });

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        // Escape: React owns whether the dialog is shown, so it closes through state.
        event.preventDefault();
        if (!disconnect.isPending) dismiss();
      }}
    >
      <h2 id={titleId}>Disconnect Zoom for your organization?</h2>
      <div id={bodyId} className="stack">
        {impact.isPending && <LoadingState label="Counting who is affected…" />}
        {impact.isError && (
          <ErrorState
            title="Couldn't load who would lose Zoom."
            error={impact.error}
            onRetry={() => void impact.refetch()}
          />
        )}
        {impact.data && <ImpactSummary impact={impact.data} />}
        <p className="small muted">Members can still connect their own personal Zoom accounts.</p>
      </div>
      {disconnect.isError && (
        <ErrorState title="Couldn't disconnect Zoom." error={disconnect.error} onRetry={confirm} />
      )}
      <div className="row dialog-actions">
        <button type="button" className="button" onClick={dismiss} disabled={disconnect.isPending}>
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger"
          onClick={confirm}
          disabled={!impact.data || disconnect.isPending}
        >
          {disconnect.isPending && <span className="spinner" aria-hidden="true" />}
          Disconnect Zoom
        </button>
      </div>
    </dialog>
  );
}

export function ImpactSummary({ impact }: { impact: DisconnectImpact }) {
  const losing = impact.membersLosingZoom;
  const keeping = impact.membersKeepingPersonal;
  return (
    <div className="stack">
      <p>
        {losing === 0 ? (
          "No member loses Zoom: nobody uses the organization's connection right now."
        ) : (
          <>
            <strong>{members(losing)} will lose Zoom:</strong> they use the organization's
            connection.
          </>
        )}
      </p>
      {keeping > 0 && (
        <p>
          {members(keeping)} {keeping === 1 ? 'keeps their' : 'keep their'} personal Zoom
          connection.
        </p>
      )}
      {impact.zoomEventTypes > 0 && (
        <p>
          <strong>
            {count(impact.zoomEventTypes, 'event type')} with a Zoom location will need attention:
          </strong>{' '}
          new bookings are still taken, but their Zoom details can't be created until Zoom is
          connected again.
        </p>
      )}
      {impact.upcomingBookings > 0 && (
        <p>
          <strong>
            {count(impact.upcomingBookings, 'upcoming booking')}{' '}
            {impact.upcomingBookings === 1 ? 'has its' : 'have their'} Zoom meeting in the
            organization's Zoom account.
          </strong>{' '}
          Those meetings stay in Zoom, but they can no longer be changed or deleted from here.
        </p>
      )}
    </div>
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function members(count: number): string {
  return `${count} ${count === 1 ? 'member' : 'members'}`;
}
