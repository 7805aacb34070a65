import type { AuthFlowStatus } from '../lib/contracts/messages';
import { LinkProblem, linkProblemCodes } from './link-problem';

export interface ApprovalOutcomeProps {
  flow: AuthFlowStatus;
  orgName: string;
  onRetry: () => void;
}

function TryAgain({ onRetry }: { onRetry: () => void }) {
  return (
    <div>
      <button type="button" className="button button-primary" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

/** How the Zoom approval ended, from session:authFlow (the background's record). */
export function ApprovalOutcome({ flow, orgName, onRetry }: ApprovalOutcomeProps) {
  if (flow.phase === 'starting' || flow.phase === 'waiting_for_zoom') {
    return (
      <div className="stack" role="status" aria-live="polite">
        <div className="row">
          <span className="spinner" aria-hidden="true" />
          <h2>Waiting for Zoom…</h2>
        </div>
        <p className="muted">Finish signing in and approving in the Zoom window.</p>
      </div>
    );
  }

  if (flow.phase === 'failed' && flow.error) {
    const { code, serviceCode } = flow.error;
    if (serviceCode && linkProblemCodes.has(serviceCode)) return <LinkProblem code={serviceCode} />;
    switch (code) {
      case 'cancelled':
        return (
          <div className="stack" role="alert">
            <h2>The Zoom window was closed before approving.</h2>
            <p>Nothing was connected. The link is still valid.</p>
            <p className="small">
              If Zoom said an account admin is required, the Zoom account you signed in with is not
              an account Owner or Admin: ask your Zoom account owner or an admin to open this link,
              or try again with an admin account.
            </p>
            <TryAgain onRetry={onRetry} />
          </div>
        );
      case 'busy':
        return (
          <div className="stack" role="alert">
            <h2>A Zoom sign-in window is already open</h2>
            <p>Finish or close the other Zoom window, then try again.</p>
            <TryAgain onRetry={onRetry} />
          </div>
        );
      case 'denied':
        return (
          <div className="stack" role="alert">
            <h2>You declined the request in Zoom.</h2>
            <p>Nothing was connected. If that was a mistake, try again.</p>
            <TryAgain onRetry={onRetry} />
          </div>
        );
      case 'network':
        return (
          <div className="stack" role="alert">
            <h2>Zoom didn't finish the approval</h2>
            <p>
              The Zoom window closed on an error. This happens when Zoom can't be reached, and when
              the Zoom account you signed in with is not an account Owner or Admin: Zoom doesn't let
              it approve. In that case ask your Zoom account owner or an admin to open this link;
              the link is still valid.
            </p>
            <TryAgain onRetry={onRetry} />
          </div>
        );
      default:
        return (
          <div className="stack" role="alert">
            <h2>Zoom couldn't be connected</h2>
            <p>{flow.error.message}</p>
            <TryAgain onRetry={onRetry} />
          </div>
        );
    }
  }

  const result = flow.result;
  switch (result?.outcome) {
    case 'connected':
      return (
        <div className="stack" role="status">
          <h2>Zoom is connected</h2>
          <p>Every member of {result.orgName || orgName} can now use Zoom.</p>
          <p className="small muted">
            Members who already connected a personal Zoom account keep it. The Zoom account used for
            the connection must stay an administrator.
          </p>
        </div>
      );
    case 'not_admin':
      return (
        <div className="stack" role="alert">
          <h2>
            This Zoom account ({result.zoomEmail ?? 'unknown email'}, {result.zoomRole ?? 'no role'}
            ) is not an account admin
          </h2>
          <p>
            Only a Zoom account Owner or Admin can approve. Ask your Zoom account owner or an admin
            to open this link. The link is still valid. Nothing was connected.
          </p>
          {result.message && <p className="small muted">{result.message}</p>}
          <p className="small">
            If you have an admin account, sign out of Zoom in this browser and try again.
          </p>
          <TryAgain onRetry={onRetry} />
        </div>
      );
    case 'denied':
      return (
        <div className="stack" role="alert">
          <h2>You declined the request in Zoom.</h2>
          <p>Nothing was connected. If that was a mistake, try again.</p>
          <TryAgain onRetry={onRetry} />
        </div>
      );
    case 'expired':
      return (
        <div className="stack" role="alert">
          <h2>The Zoom sign-in took too long</h2>
          <p>For your security a sign-in is only valid for a few minutes. Try again.</p>
          <TryAgain onRetry={onRetry} />
        </div>
      );
    case 'link_invalid':
      return <LinkProblem code="link_used" />;
    default:
      return (
        <div className="stack" role="alert">
          <h2>Zoom couldn't be connected</h2>
          <p>{result?.message ?? 'Something went wrong while finishing the connection.'}</p>
          <TryAgain onRetry={onRetry} />
        </div>
      );
  }
}
