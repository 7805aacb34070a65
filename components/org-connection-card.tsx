import { useEffect, useRef } from 'react';
import {
  useCreateApprovalLink,
  useLiveOrgZoom,
  useRevokeApprovalLink,
} from '../lib/extension/pages/org-lifecycle-queries';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { ApprovalLinkPanel } from './approval-link-panel';
import { ErrorState } from './error-state';
import { LoadingState } from './loading-state';
import { OrgConnectPrompt } from './org-connect-prompt';
import { OrgConnectionDetails } from './org-connection-details';
import { OrgHealthCheck } from './org-health-check';
import { OrgRemovalSetting, ZoomDefaultLocationSetting } from './org-settings';
import { ReconnectBanner } from './reconnect-banner';
import { RepairProgressNotice } from './repair-progress-notice';
import { formatDate } from './words';
import { ZoomProblemNotice } from './zoom-problem-notice';

/** The last approval link ran out before a Zoom admin used it (nothing to approve now). */
function ExpiredLinkNotice({ link }: { link: { expiresAt: string } }) {
  return (
    <p className="notice notice-warn">
      The approval link expired on {formatDate(link.expiresAt)} before a Zoom admin approved it.
    </p>
  );
}

/** The org-wide Zoom connection, for org owners and admins. */
export function OrgConnectionCard({ session }: { session: StoredSession }) {
  const org = useLiveOrgZoom(session);
  const createLink = useCreateApprovalLink(session);
  const revokeLink = useRevokeApprovalLink(session);
  // After Connect (or Reconnect) focus lands on the result: the card's new body with the link.
  const result = useRef<HTMLDivElement>(null);
  const linkCreated = createLink.isSuccess && org.data?.state === 'pending_approval';
  useEffect(() => {
    if (linkCreated) result.current?.focus();
  }, [linkCreated]);

  const body = () => {
    if (org.isPending) return <LoadingState label="Loading the organization's Zoom connection…" />;
    if (org.isError) {
      return (
        <ErrorState
          title="Couldn't load the organization's Zoom connection."
          error={org.error}
          onRetry={() => void org.refetch()}
        />
      );
    }
    const data = org.data;
    const linkPanel = data.pendingLink && (
      <ApprovalLinkPanel
        link={data.pendingLink}
        onRegenerate={() => createLink.mutate()}
        regenerating={createLink.isPending}
        onRevoke={() => revokeLink.mutate()}
        revoking={revokeLink.isPending}
      />
    );
    const expiredNotice = data.expiredLink && <ExpiredLinkNotice link={data.expiredLink} />;
    if (data.state === 'pending_approval' && linkPanel) return linkPanel;
    if (data.state === 'active' && data.connection) {
      return (
        <div className="stack">
          {data.zoomProblem && <ZoomProblemNotice problem={data.zoomProblem} />}
          <OrgConnectionDetails connection={data.connection} />
          <OrgHealthCheck session={session} org={data} />
        </div>
      );
    }
    if (data.state === 'needs_reconnect') {
      // Still broken while a reconnect link waits for a Zoom admin: the banner keeps its reason.
      return (
        <div className="stack">
          <ReconnectBanner
            session={session}
            org={data}
            onReconnect={linkPanel ? undefined : () => createLink.mutate()}
            reconnecting={createLink.isPending}
          />
          {linkPanel}
          {expiredNotice}
        </div>
      );
    }
    return (
      <div className="stack">
        {expiredNotice}
        <OrgConnectPrompt
          org={data}
          onConnect={() => createLink.mutate()}
          connecting={createLink.isPending}
        />
      </div>
    );
  };

  return (
    <section className="card stack" aria-labelledby="org-zoom-heading">
      <h2 id="org-zoom-heading">Zoom for your organization</h2>
      <div ref={result} tabIndex={-1} className="stack focus-target">
        {body()}
      </div>
      <RepairProgressNotice session={session} />
      {org.data && <OrgRemovalSetting session={session} org={org.data} />}
      {org.data && <ZoomDefaultLocationSetting session={session} org={org.data} />}
      {createLink.isPending && <LoadingState label="Creating an approval link…" />}
      {createLink.isError && (
        <ErrorState
          title="Couldn't create an approval link."
          error={createLink.error}
          onRetry={() => createLink.mutate()}
        />
      )}
      {revokeLink.isError && (
        <ErrorState
          title="Couldn't revoke the approval link."
          error={revokeLink.error}
          onRetry={() => revokeLink.mutate()}
        />
      )}
    </section>
  );
}
