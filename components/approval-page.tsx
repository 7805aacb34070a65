import { useEffect } from 'react';
import { linkToken as linkTokenSchema } from '../lib/contracts/messages';
import { isFlowRunning, useBackgroundFlow } from '../lib/extension/pages/background-flow';
import { useApprovalInfo } from '../lib/extension/pages/queries';
import { useSession } from '../lib/extension/pages/use-session';
import { isApiError } from '../lib/extension/shared/api-request';
import { sendToBackground } from '../lib/extension/shared/messaging';
import { approvalWords } from '../lib/words/approval';
import { ApprovalDetails } from './approval-details';
import { ApprovalOutcome } from './approval-outcome';
import { ErrorState } from './error-state';
import { LinkProblem, linkProblemCodes } from './link-problem';
import { LoadingState } from './loading-state';

function ApprovalRequest({ serviceUrl, linkToken }: { serviceUrl: string; linkToken: string }) {
  const info = useApprovalInfo(serviceUrl, linkToken);
  const { flow, starting, start, startError } = useBackgroundFlow(
    (stored) => (stored?.kind !== 'personal' && stored?.linkToken === linkToken ? stored : null),
    { type: 'approval/start', linkToken },
  );

  // Chrome stops idle service workers, possibly while the Zoom admin is still at Zoom. A flow
  // left "running" wakes the worker, which asks the service how it ended (oauth-runner.ts).
  const running = isFlowRunning(flow);
  useEffect(() => {
    if (running) void sendToBackground({ type: 'flow/resume' });
  }, [running]);

  const orgName = info.data?.orgName ?? flow?.result?.orgName ?? 'Your organization';
  const finished = flow && (flow.phase === 'finished' || flow.phase === 'failed');

  if (info.isPending && !finished) return <LoadingState label="Checking the approval link…" />;
  // A link that turned "used" under a running flow was most likely used by that flow: wait for it.
  if (info.isError && !finished && !running) {
    if (isApiError(info.error) && linkProblemCodes.has(info.error.code)) {
      return <LinkProblem code={info.error.code} />;
    }
    return (
      <ErrorState
        title="Couldn't check the approval link."
        error={info.error}
        onRetry={() => void info.refetch()}
      />
    );
  }

  // Once Zoom is connected the request (who asks, until when) is history: only the outcome shows.
  const request = flow?.result?.outcome === 'connected' ? undefined : info.data;

  return (
    <div className="stack">
      {request && <ApprovalDetails info={request} />}
      {starting ? (
        <ApprovalOutcome
          flow={{
            kind: 'org',
            linkToken,
            phase: 'starting',
            startedAt: 0,
            state: null,
            result: null,
            error: null,
          }}
          orgName={orgName}
          onRetry={() => void start()}
        />
      ) : flow ? (
        <ApprovalOutcome flow={flow} orgName={orgName} onRetry={() => void start()} />
      ) : (
        <div>
          <button type="button" className="button button-primary" onClick={() => void start()}>
            {approvalWords.start}
          </button>
        </div>
      )}
      {startError && (
        <ErrorState title="Couldn't start the Zoom sign-in." error={new Error(startError)} />
      )}
    </div>
  );
}

/** The page a Zoom admin reaches from an approval link; the link token is in location.hash. */
export function ApprovalPage({ linkToken }: { linkToken: string }) {
  const session = useSession();
  const valid = linkTokenSchema.safeParse(linkToken).success;

  return (
    <main className="approval">
      <div className="card stack">
        <p className="brand">Org Zoom Connect</p>
        {!valid ? (
          <LinkProblem code="link_not_found" />
        ) : session.status === 'loading' ? (
          <LoadingState />
        ) : (
          <ApprovalRequest serviceUrl={session.serviceUrl} linkToken={linkToken} />
        )}
      </div>
    </main>
  );
}
