import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useMembersFirstPageAnswered } from '../lib/extension/member-queries';
import { MembersFirstProvider } from '../lib/extension/members-first';
import type { SessionValues } from '../lib/extension/page-start';
import { isAdmin } from '../lib/extension/queries';
import { signOut } from '../lib/extension/session';
import type { ResolvedServiceUrl, StoredSession } from '../lib/extension/storage-items';
import { useSession } from '../lib/extension/use-session';
import { ActivityLog } from './activity-log';
import { ConsoleHeader } from './console-header';
import { HostPermissionNotice } from './host-permission-notice';
import { IntegrationsNav } from './integrations-nav';
import { InvitePeople } from './invite-people';
import { LoadingState } from './loading-state';
import { MemberTable } from './member-table';
import { OrgConnectionCard } from './org-connection-card';
import { SignInForm } from './sign-in-form';
import { YourZoomSetup } from './your-zoom-setup';

/**
 * The options page: the admin console for org admins, and everyone's own Zoom setup. `start`:
 * storage as the entry point read it (page-start.ts), so the first render needs no read.
 */
export function OptionsPage({ start }: { start?: SessionValues }) {
  const state = useSession(start);

  if (state.status === 'loading') {
    return (
      <main className="centered">
        <LoadingState />
      </main>
    );
  }

  if (state.status === 'signed_out') {
    return (
      <main className="centered stack">
        <HostPermissionNotice resolved={state.resolved} />
        <div className="card">
          <SignInForm serviceUrl={state.serviceUrl} />
        </div>
      </main>
    );
  }

  return <SignedInConsole session={state.session} resolved={state.resolved} />;
}

function SignedInConsole({
  session,
  resolved,
}: {
  session: StoredSession;
  resolved: ResolvedServiceUrl | null;
}) {
  const queryClient = useQueryClient();
  const [integration, setIntegration] = useState<'zoom'>('zoom');
  const membersAnswered = useMembersFirstPageAnswered(session);
  const handleSignOut = async () => {
    await signOut(session);
    queryClient.clear();
  };

  return (
    <MembersFirstProvider value={membersAnswered}>
      <ConsoleHeader session={session} onSignOut={() => void handleSignOut()} />
      <div className="console-layout">
        <IntegrationsNav selected={integration} onSelect={setIntegration} />
        <main className="console-main" aria-labelledby="zoom-heading">
          <HostPermissionNotice resolved={resolved} />
          <h1 id="zoom-heading">Zoom</h1>
          {isAdmin(session) && <OrgConnectionCard session={session} />}
          <YourZoomSetup session={session} />
          {isAdmin(session) && <InvitePeople session={session} />}
          {isAdmin(session) && <MemberTable session={session} />}
          {isAdmin(session) && <ActivityLog session={session} />}
        </main>
      </div>
    </MembersFirstProvider>
  );
}
