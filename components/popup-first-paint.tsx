import type { ReactNode } from 'react';
import { type PopupValues, popupFirstView } from '../lib/extension/pages/page-start';
import { LoadingState } from './loading-state';
import { MyZoomStatus } from './my-zoom-status';

/**
 * The popup's first paint, rendered by its entry point before the rest of its code (actions,
 * forms, the service client and its zod contracts) has loaded: the org's name and the member's
 * Zoom from the last snapshot, as the full popup (popup-page.tsx) first shows them too. Without a
 * snapshot, or signed out, it is "Loading…" until the full popup takes over a moment later.
 */
export function PopupFirstPaint({ start }: { start: PopupValues }) {
  const view = popupFirstView(start);
  if (!view) {
    return (
      <main className="popup">
        <LoadingState />
      </main>
    );
  }
  const { session, me } = view;
  return (
    <main className="popup">
      <PopupTitle orgName={session.membership.orgName} />
      <YourZoomCard>
        {me ? <MyZoomStatus zoom={me.zoom} orgRole={session.membership.role} /> : <LoadingState />}
      </YourZoomCard>
    </main>
  );
}

/** The popup's heading: the org's name, and a spinner while the member's data is refreshed. */
export function PopupTitle({
  orgName,
  refreshing = false,
}: {
  orgName: string;
  refreshing?: boolean;
}) {
  return (
    <div className="row">
      <h1 className="popup-title">{orgName}</h1>
      <span className="spacer" />
      {refreshing && <span className="spinner" role="status" aria-label="Refreshing" />}
    </div>
  );
}

export function YourZoomCard({ children }: { children: ReactNode }) {
  return (
    <section className="card stack" aria-label="Your Zoom">
      {children}
    </section>
  );
}
