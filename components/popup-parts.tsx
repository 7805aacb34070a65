import type { ReactNode } from 'react';

/**
 * The parts of the popup its first paint shows before React has loaded (popup-first-paint.ts
 * draws the same markup with the DOM alone; a test holds them equal).
 */

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
