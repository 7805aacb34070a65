import { useEffect, useState } from 'react';
import {
  isAdmin,
  restorePopupSnapshot,
  useMe,
  useOrgSummary,
} from '../lib/extension/pages/member-data';
import type { PopupValues } from '../lib/extension/pages/page-start';
import { useResources } from '../lib/extension/pages/resource';
import { usePopupStart } from '../lib/extension/pages/use-session';
import { writeFirstView } from '../lib/extension/shared/first-view-cache';
import { openOptionsPage } from '../lib/extension/shared/page-actions';
import { signOut } from '../lib/extension/shared/session';
import type { PopupSnapshot, StoredSession } from '../lib/extension/shared/storage-items';
import { BookingLinks } from './booking-links';
import { ErrorState } from './error-state';
import { LoadingState } from './loading-state';
import { MyAlertsNotice } from './my-alerts-notice';
import { MyZoom } from './my-zoom';
import { firstViewFor } from './my-zoom-status-view';
import { NewZoomMeeting } from './new-zoom-meeting';
import { OrgStatusSummary } from './org-status-summary';
import { PopupTitle, YourZoomCard } from './popup-parts';
import { SignInForm } from './sign-in-form';
import { StaleSnapshotNotice } from './stale-snapshot-notice';

function PopupSignedIn({ session }: { session: StoredSession }) {
  const me = useMe(session);
  const org = useOrgSummary(session);
  const resources = useResources();
  const admin = isAdmin(session);
  const zoom = me.data?.zoom;
  // The next open's first paint (popup-start.ts) shows what this one knows last.
  useEffect(() => {
    if (zoom) writeFirstView(firstViewFor(session, zoom));
  }, [session, zoom]);

  return (
    <>
      <PopupTitle orgName={session.membership.orgName} refreshing={me.isFetching} />
      <StaleSnapshotNotice queries={[me, org]} />
      <MyAlertsNotice session={session} me={me.data} />
      <YourZoomCard>
        <MyZoom session={session} me={me} errorTitle="Couldn't load your Zoom." />
      </YourZoomCard>
      {/* After Zoom's 1001 the service asks Zoom again, so a member added since can retry. */}
      {(me.data?.zoom.status === 'connected' || me.data?.zoom.reason === 'not_in_zoom_account') && (
        <NewZoomMeeting session={session} />
      )}
      {/* Not while the popup can't reach the service at all: one error for that is enough. */}
      {me.data && <BookingLinks session={session} />}
      {admin && (
        <section className="card stack" aria-label="Organization Zoom">
          {org.data ? (
            <OrgStatusSummary org={org.data} />
          ) : org.isError ? (
            <ErrorState
              title="Couldn't load the organization's Zoom."
              error={org.error}
              onRetry={() => void org.refetch()}
            />
          ) : (
            <LoadingState />
          )}
          <div>
            <button type="button" className="button" onClick={() => void openOptionsPage()}>
              Open admin console
            </button>
          </div>
        </section>
      )}
      <div className="row small">
        {/* The Zoom card already names the account when its Zoom uses the same email. */}
        {me.data?.zoom.zoomEmail !== session.account.email && (
          <span className="muted">{session.account.email}</span>
        )}
        <span className="spacer" />
        {!admin && (
          <button type="button" className="link-button" onClick={() => void openOptionsPage()}>
            Your Zoom setup
          </button>
        )}
        <button
          type="button"
          className="link-button"
          onClick={() => void signOut(session).then(() => resources.clear())}
        >
          Sign out
        </button>
      </div>
    </>
  );
}

/** Paints from the last snapshot first, then refreshes; the popup closes on blur, so be quick. */
function RestoredPopup({
  session,
  snapshot,
}: {
  session: StoredSession;
  snapshot: PopupSnapshot | null;
}) {
  const resources = useResources();
  // Seeded once, before the data below first renders, so it starts from the snapshot.
  useState(() => restorePopupSnapshot(resources, session, snapshot));
  return <PopupSignedIn session={session} />;
}

/** `start`: storage as the entry point read it (page-start.ts), so the first render needs no read. */
export function PopupPage({ start }: { start?: PopupValues }) {
  const { state, snapshot } = usePopupStart(start);
  return (
    <main className="popup">
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'signed_out' && (
        <>
          <h1>Org Zoom Connect</h1>
          <SignInForm serviceUrl={state.serviceUrl} compact />
          <button
            type="button"
            className="link-button small"
            onClick={() => void openOptionsPage()}
          >
            Open the options page
          </button>
        </>
      )}
      {state.status === 'signed_in' && (
        <RestoredPopup key={state.session.token} session={state.session} snapshot={snapshot} />
      )}
    </main>
  );
}
