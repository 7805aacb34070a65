import type { ReactNode } from 'react';
import type { AuthFlowStatus } from '../lib/contracts/messages';
import { openOptionsPage } from '../lib/extension/shared/page-actions';
import { approvalWords } from '../lib/words/approval';
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

/** A way the approval did not work out: what happened, what to do, and Try again. */
function Problem({
  title,
  onRetry,
  children,
}: {
  title: string;
  onRetry: () => void;
  children: ReactNode;
}) {
  return (
    <div className="stack" role="alert">
      <h2>{title}</h2>
      {children}
      <TryAgain onRetry={onRetry} />
    </div>
  );
}

/** After a connection: close the tab, or go on to the console (for an org admin who approved). */
function WayBack() {
  return (
    <div className="row">
      <button type="button" className="button button-primary" onClick={() => window.close()}>
        {approvalWords.close}
      </button>
      <button type="button" className="button" onClick={() => void openOptionsPage()}>
        {approvalWords.backToConsole}
      </button>
    </div>
  );
}

/** Chrome reports a denial as an error or Zoom's redirect carries it: the same for the person. */
function Declined({ onRetry }: { onRetry: () => void }) {
  return (
    <Problem title="You declined the request in Zoom." onRetry={onRetry}>
      <p>Nothing was connected. If that was a mistake, try again.</p>
    </Problem>
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
          <Problem title="The Zoom window was closed before approving." onRetry={onRetry}>
            <p>Nothing was connected. The link is still valid.</p>
            <p className="small">
              If Zoom said an account admin is required, the Zoom account you signed in with is not
              an account Owner or Admin: ask your Zoom account owner or an admin to open this link,
              or try again with an admin account.
            </p>
          </Problem>
        );
      case 'busy':
        return (
          <Problem title="A Zoom sign-in window is already open" onRetry={onRetry}>
            <p>Finish or close the other Zoom window, then try again.</p>
          </Problem>
        );
      case 'denied':
        return <Declined onRetry={onRetry} />;
      case 'network':
        return (
          <Problem title="Zoom didn't finish the approval" onRetry={onRetry}>
            <p>
              The Zoom window closed on an error. This happens when Zoom can't be reached, and when
              the Zoom account you signed in with is not an account Owner or Admin: Zoom doesn't let
              it approve. In that case ask your Zoom account owner or an admin to open this link;
              the link is still valid.
            </p>
          </Problem>
        );
      default:
        return (
          <Problem title="Zoom couldn't be connected" onRetry={onRetry}>
            <p>{flow.error.message}</p>
          </Problem>
        );
    }
  }

  const result = flow.result;
  switch (result?.outcome) {
    case 'connected':
      return (
        <div className="stack" role="status">
          <h1>{approvalWords.connectedTitle}</h1>
          <p>{approvalWords.connected(result.orgName || orgName)}</p>
          <p className="small muted">{approvalWords.connectedNote}</p>
          <WayBack />
        </div>
      );
    case 'not_admin':
      return (
        <Problem
          title={`This Zoom account (${result.zoomEmail ?? 'unknown email'}, ${result.zoomRole ?? 'no role'}) is not an account admin`}
          onRetry={onRetry}
        >
          <p>
            Only a Zoom account Owner, Admin or a role with admin privileges can approve. Ask your
            Zoom account owner or an admin to open this link. The link is still valid. Nothing was
            connected.
          </p>
          {result.message && <p className="small muted">{result.message}</p>}
          <p className="small">
            If you have an admin account, sign out of Zoom in this browser and try again.
          </p>
        </Problem>
      );
    case 'denied':
      return <Declined onRetry={onRetry} />;
    case 'expired':
      return (
        <Problem title="The Zoom sign-in took too long" onRetry={onRetry}>
          <p>For your security a sign-in is only valid for a few minutes. Try again.</p>
        </Problem>
      );
    case 'link_invalid':
      return <LinkProblem code="link_used" />;
    default:
      return (
        <Problem title="Zoom couldn't be connected" onRetry={onRetry}>
          <p>{result?.message ?? 'Something went wrong while finishing the connection.'}</p>
        </Problem>
      );
  }
}
