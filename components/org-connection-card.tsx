import { useCreateApprovalLink, useOrgZoom } from '../lib/extension/queries';
import type { StoredSession } from '../lib/extension/storage-items';
import { ApprovalLinkPanel } from './approval-link-panel';
import { ErrorState } from './error-state';
import { LoadingState } from './loading-state';
import { OrgConnectPrompt } from './org-connect-prompt';
import { OrgConnectionDetails } from './org-connection-details';
import { OrgRemovalSetting } from './org-removal-setting';

/** The org-wide Zoom connection, for org owners and admins. */
export function OrgConnectionCard({ session }: { session: StoredSession }) {
  const org = useOrgZoom(session);
  const createLink = useCreateApprovalLink(session);

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
    if (data.state === 'pending_approval' && data.pendingLink) {
      return (
        <ApprovalLinkPanel
          link={data.pendingLink}
          onRegenerate={() => createLink.mutate()}
          regenerating={createLink.isPending}
        />
      );
    }
    if (data.state === 'active' && data.connection) {
      return <OrgConnectionDetails connection={data.connection} />;
    }
    return (
      <OrgConnectPrompt
        org={data}
        onConnect={() => createLink.mutate()}
        connecting={createLink.isPending}
      />
    );
  };

  return (
    <section className="card stack" aria-labelledby="org-zoom-heading">
      <h2 id="org-zoom-heading">Zoom for your organization</h2>
      {body()}
      {org.data && <OrgRemovalSetting session={session} org={org.data} />}
      {createLink.isPending && <LoadingState label="Creating an approval link…" />}
      {createLink.isError && (
        <ErrorState
          title="Couldn't create an approval link."
          error={createLink.error}
          onRetry={() => createLink.mutate()}
        />
      )}
    </section>
  );
}
