import { useId, useState } from 'react';
import type { MemberZoom } from '../lib/contracts/api';
import {
  useDisconnectPersonal,
  useOrgConnectionChoice,
  usePersonalFlow,
} from '../lib/extension/pages/my-zoom-actions';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { ErrorState } from './error-state';
import { PersonalFlowStatus } from './personal-flow-status';

export interface MyZoomActionsProps {
  session: StoredSession;
  zoom: MemberZoom;
}

/**
 * What a member can do about their own Zoom (PRODUCT.md §5): connect, reconnect or disconnect
 * a personal account, and — when the org allows it — remove the org connection for themselves
 * or add it back. Used by the options page and, in the same form, the popup.
 */
export function MyZoomActions({ session, zoom }: MyZoomActionsProps) {
  const personalFlow = usePersonalFlow(session);
  const disconnect = useDisconnectPersonal(session);
  const choice = useOrgConnectionChoice(session);
  const [confirming, setConfirming] = useState(false);
  const confirmId = useId();
  // A success is news only while it is still this member's connection (the record outlives a
  // disconnect, and storage.session is shared by whoever signs in next).
  const flow = personalFlow.flow;
  const shownFlow =
    flow?.result?.outcome === 'connected' && flow.result.zoomEmail !== zoom.personalZoomEmail
      ? null
      : flow;
  const orgUsedAgain = zoom.orgState === 'active' && !zoom.removedOrgConnection;

  // The one action that fixes "removed by you" is adding the org connection back.
  const addBackFirst = zoom.canRemoveOrgConnection && zoom.removedOrgConnection;
  // While Zoom works (through the organization), a personal connection is an option, not the fix.
  const connectIsPrimary = !addBackFirst && zoom.status !== 'connected';
  const connectButton = (label: string) => (
    <button
      type="button"
      className={connectIsPrimary ? 'button button-primary' : 'button'}
      onClick={() => void personalFlow.start()}
      disabled={personalFlow.running}
    >
      {label}
    </button>
  );

  return (
    <div className="stack">
      {zoom.personal === 'needs_reconnect' && (
        <div className="stack">
          <div className="row">
            <strong>Personal Zoom</strong>
            <span className="status status-warn">Needs reconnect</span>
          </div>
          {zoom.personalZoomEmail && <span className="small muted">{zoom.personalZoomEmail}</span>}
          {/* With the org connection active, MyZoomStatus already says it is used meanwhile. */}
          {zoom.type !== 'organization' && (
            <p className="small">Zoom no longer accepts your personal connection.</p>
          )}
        </div>
      )}

      <PersonalFlowStatus flow={shownFlow} running={personalFlow.running} />
      {personalFlow.startError && (
        <ErrorState
          title="Couldn't start the Zoom sign-in."
          error={new Error(personalFlow.startError)}
        />
      )}

      {confirming ? (
        <div className="notice notice-warn stack" role="alertdialog" aria-labelledby={confirmId}>
          <strong id={confirmId}>Disconnect your personal Zoom?</strong>
          <span className="small">
            {orgUsedAgain
              ? "Your organization's Zoom will be used again."
              : 'You will have no Zoom connection until you connect one again.'}
          </span>
          <div className="row">
            <button
              type="button"
              className="button button-primary"
              disabled={disconnect.isPending}
              onClick={() =>
                disconnect.mutate(undefined, { onSettled: () => setConfirming(false) })
              }
            >
              Disconnect
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="row">
          {addBackFirst && zoom.personal !== 'active' && (
            <button
              type="button"
              className="button button-primary"
              disabled={choice.isPending}
              onClick={() => choice.mutate(false)}
            >
              Add organization Zoom back
            </button>
          )}
          {zoom.personal === 'none' && connectButton('Connect personal Zoom')}
          {zoom.personal === 'needs_reconnect' && connectButton('Reconnect personal Zoom')}
          {zoom.personal !== 'none' && (
            <button type="button" className="button" onClick={() => setConfirming(true)}>
              Disconnect
            </button>
          )}
          {zoom.canRemoveOrgConnection && zoom.type === 'organization' && (
            <button
              type="button"
              className="button"
              disabled={choice.isPending}
              onClick={() => choice.mutate(true)}
            >
              Remove organization Zoom for me
            </button>
          )}
        </div>
      )}
      {disconnect.isError && (
        <ErrorState title="Couldn't disconnect your personal Zoom." error={disconnect.error} />
      )}
      {choice.isError && (
        <ErrorState title="Couldn't change your organization Zoom." error={choice.error} />
      )}
    </div>
  );
}
