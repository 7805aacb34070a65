import type { AuthFlowStatus } from '../lib/contracts/messages';

/** How the member's personal Zoom sign-in is going, from session:authFlow. */
export function PersonalFlowStatus({
  flow,
  running,
}: {
  flow: AuthFlowStatus | null;
  running: boolean;
}) {
  if (running) {
    return (
      <div className="notice notice-info row" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" />
        <span>Waiting for Zoom… Finish signing in in the Zoom window.</span>
      </div>
    );
  }
  if (!flow) return null;
  if (flow.phase === 'finished' && flow.result?.outcome === 'connected') {
    return (
      <p className="notice notice-info" role="status">
        Personal Zoom connected{flow.result.zoomEmail ? ` (${flow.result.zoomEmail})` : ''}.
      </p>
    );
  }
  const message =
    flow.error?.code === 'cancelled'
      ? 'The Zoom window was closed before you allowed access. Nothing was connected.'
      : flow.result?.outcome === 'denied' || flow.error?.code === 'denied'
        ? 'You declined the request in Zoom. Nothing was connected.'
        : flow.error?.code === 'busy'
          ? 'A Zoom sign-in window is already open. Finish or close it, then try again.'
          : (flow.result?.message ?? flow.error?.message ?? 'Zoom could not be connected.');
  return (
    <p className="notice notice-error" role="alert">
      Your personal Zoom wasn't connected. {message}
    </p>
  );
}
