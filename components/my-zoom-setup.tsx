import { useMe } from '../lib/extension/pages/member-data';
import { usePersonalHealthCheck } from '../lib/extension/pages/my-zoom-actions';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { MyZoom } from './my-zoom';

export function MyZoomSetup({ session }: { session: StoredSession }) {
  const me = useMe(session);
  usePersonalHealthCheck(session, me.data?.zoom);
  return (
    <section className="card stack" aria-labelledby="your-zoom-heading">
      <h2 id="your-zoom-heading">Your Zoom setup</h2>
      <p className="small muted">
        The Zoom account used when you share Zoom meeting details. A personal account, if you
        connect one, always wins over your organization's.
      </p>
      <MyZoom
        session={session}
        me={me}
        errorTitle="Couldn't load your Zoom setup."
        loadingLabel="Loading your Zoom setup…"
      />
    </section>
  );
}
