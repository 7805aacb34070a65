import { useEffect, useState } from 'react';
import { linkToken as linkTokenSchema } from '../lib/contracts/messages';
import { isApiError } from '../lib/extension/api-request';
import { sendToBackground } from '../lib/extension/messaging';
import { useApprovalInfo } from '../lib/extension/queries';
import { authFlowItem } from '../lib/extension/storage-items';
import { useSession } from '../lib/extension/use-session';
import { useStorageItem } from '../lib/extension/use-storage-item';
import { ApprovalOutcome } from './approval-outcome';
import { ErrorState } from './error-state';
import { LinkProblem, linkProblemCodes } from './link-problem';
import { LoadingState } from './loading-state';
import { formatDate } from './words';

function ApprovalRequest({ serviceUrl, linkToken }: { serviceUrl: string; linkToken: string }) {
  const info = useApprovalInfo(serviceUrl, linkToken);
  const flowItem = useStorageItem(authFlowItem);
  const flow =
    flowItem.value?.kind !== 'personal' && flowItem.value?.linkToken === linkToken
      ? flowItem.value
      : null;
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);

  // Any write by the background after the click supersedes the local "starting" guess.
  useEffect(() => {
    if (flowItem.loaded) setStarting(false);
  }, [flowItem]);

  // Chrome stops idle service workers, possibly while the Zoom admin is still at Zoom. A flow
  // left "running" wakes the worker, which asks the service how it ended (oauth-runner.ts).
  const running = flow?.phase === 'starting' || flow?.phase === 'waiting_for_zoom';
  useEffect(() => {
    if (running) void sendToBackground({ type: 'flow/resume' });
  }, [running]);

  const start = async () => {
    setStarting(true);
    setStartError(null);
    const reply = await sendToBackground({ type: 'approval/start', linkToken });
    if (!reply.ok) {
      setStarting(false);
      setStartError(reply.error.message);
    }
  };

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

  return (
    <div className="stack">
      {info.data && (
        <header className="stack">
          <h1>{info.data.orgName} wants to connect Zoom</h1>
          <p className="small muted">
            Requested by {info.data.requestedBy.name} ({info.data.requestedBy.email}) · This link
            expires {formatDate(info.data.expiresAt)}
          </p>
        </header>
      )}
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
        <div className="stack">
          <p>
            Once connected, every member of {orgName} will be able to automatically share Zoom
            meeting details. Members who already connected a personal Zoom account keep it.
          </p>
          <p>
            Only a Zoom account Owner or Admin can approve. Zoom will tell you if you're the correct
            admin when you sign in.
          </p>
          <div>
            <button type="button" className="button button-primary" onClick={() => void start()}>
              Sign in with Zoom
            </button>
          </div>
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
      <div className="card">
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
