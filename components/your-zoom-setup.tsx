import { usePersonalHealthCheck } from '../lib/extension/my-zoom-actions';
import { useMe } from '../lib/extension/queries';
import type { StoredSession } from '../lib/extension/storage-items';
import { ErrorState } from './error-state';
import { LoadingState } from './loading-state';
import { MemberZoomStatus } from './member-zoom-status';
import { YourZoomActions } from './your-zoom-actions';

export function YourZoomSetup({ session }: { session: StoredSession }) {
  const me = useMe(session);
  usePersonalHealthCheck(session, me.data?.zoom);
  return (
    <section className="card stack" aria-labelledby="your-zoom-heading">
      <h2 id="your-zoom-heading">Your Zoom setup</h2>
      <p className="small muted">
        The Zoom account used when you share Zoom meeting details. A personal account, if you
        connect one, always wins over your organization's.
      </p>
      {me.data ? (
        <>
          <MemberZoomStatus zoom={me.data.zoom} />
          <YourZoomActions session={session} zoom={me.data.zoom} />
        </>
      ) : me.isError ? (
        <ErrorState
          title="Couldn't load your Zoom setup."
          error={me.error}
          onRetry={() => void me.refetch()}
        />
      ) : (
        <LoadingState label="Loading your Zoom setup…" />
      )}
    </section>
  );
}
