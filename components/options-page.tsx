import { useQueryClient } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { useMe } from '../lib/extension/pages/member-data';
import { useMembersFirstPageAnswered } from '../lib/extension/pages/member-queries';
import { MembersFirstProvider, useAfterMembers } from '../lib/extension/pages/members-first';
import type { SessionValues } from '../lib/extension/pages/page-start';
import { isAdmin, useOrgZoom } from '../lib/extension/pages/queries';
import { useResources } from '../lib/extension/pages/resource';
import { useSession } from '../lib/extension/pages/use-session';
import { signOut } from '../lib/extension/shared/session';
import type { ResolvedServiceUrl, StoredSession } from '../lib/extension/shared/storage-items';
import { ConsoleHeader } from './console-header';
import { ErrorState } from './error-state';
import { HostPermissionNotice } from './host-permission-notice';
import { IntegrationsNav } from './integrations-nav';
import { LoadingState } from './loading-state';
import { MemberTable } from './member-table';
import { SignInForm } from './sign-in-form';
import { orgStateLabel } from './words';

type Sections = typeof import('./console-sections');

/** A console section from console-sections.tsx: one chunk for all of them, loaded once. */
function lazySection<K extends keyof Sections>(name: K) {
  return lazy(async () => ({ default: (await import('./console-sections'))[name] }));
}

const AccountSecurity = lazySection('AccountSecurity');
const ActivityLog = lazySection('ActivityLog');
const AlertSettings = lazySection('AlertSettings');
const EventTypes = lazySection('EventTypes');
const InvitePeople = lazySection('InvitePeople');
const MyZoomSetup = lazySection('MyZoomSetup');
const OrgAlerts = lazySection('OrgAlerts');
const OrgConnectionCard = lazySection('OrgConnectionCard');
const OrgDangerZone = lazySection('OrgDangerZone');

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
  const resources = useResources();
  const membersAnswered = useMembersFirstPageAnswered(session);
  const handleSignOut = async () => {
    await signOut(session);
    queryClient.clear();
    resources.clear();
  };

  return (
    <MembersFirstProvider value={membersAnswered}>
      <ConsoleHeader session={session} onSignOut={() => void handleSignOut()} />
      <ConsoleBody session={session} resolved={resolved} />
    </MembersFirstProvider>
  );
}

/** Inside MembersFirstProvider, so its own queries also wait for the member table's first page. */
function ConsoleBody({
  session,
  resolved,
}: {
  session: StoredSession;
  resolved: ResolvedServiceUrl | null;
}) {
  const queryClient = useQueryClient();
  const [integration, setIntegration] = useState<'zoom'>('zoom');
  const me = useMe(session);
  const org = useOrgZoom(session);
  const admin = isAdmin(session);
  const zoomState = admin
    ? org.data && orgStateLabel[org.data.state]
    : me.data && (me.data.zoom.status === 'connected' ? 'Connected' : 'Not connected');
  const zoomOk = admin ? org.data?.state === 'active' : me.data?.zoom.status === 'connected';
  // The page can't be shown without the service: one error for it, not one per section.
  const pageFailed = me.isError && !me.data;

  return (
    <div className="console-layout">
      <IntegrationsNav
        selected={integration}
        onSelect={setIntegration}
        zoomState={zoomState}
        zoomOk={zoomOk}
      />
      <main className="console-main" aria-labelledby="zoom-heading">
        <HostPermissionNotice resolved={resolved} />
        <h1 id="zoom-heading">Zoom</h1>
        {pageFailed ? (
          <ErrorState
            title="Couldn't load your organization's Zoom page."
            error={me.error}
            onRetry={() => {
              void me.refetch();
              void queryClient.refetchQueries();
            }}
          />
        ) : (
          <>
            <LaterSections>
              {admin && <OrgConnectionCard session={session} />}
              <MyZoomSetup session={session} />
              <EventTypes session={session} />
              {admin && <InvitePeople session={session} />}
            </LaterSections>
            {admin && <MemberTable session={session} />}
            <LaterSections>
              {admin && <OrgAlerts session={session} />}
              {admin && <ActivityLog session={session} />}
              <AlertSettings session={session} />
              <AccountSecurity session={session} />
              {admin && <OrgDangerZone session={session} />}
            </LaterSections>
          </>
        )}
      </main>
    </div>
  );
}

/**
 * Sections whose code loads after the member table's first page has answered (for an admin; at
 * once for everyone else), so neither their code nor their first render comes before its rows.
 */
function LaterSections({ children }: { children: ReactNode }) {
  const membersAnswered = useAfterMembers();
  const loading = <LoadingState />;
  return membersAnswered ? <Suspense fallback={loading}>{children}</Suspense> : loading;
}
