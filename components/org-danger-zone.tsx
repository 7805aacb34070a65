import { useOrgZoom } from '../lib/extension/pages/queries';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { OrgDisconnect } from './disconnect-dialog';

/**
 * "Disconnect", apart at the bottom of the Zoom page as on Calendly's and Zoom Marketplace's app
 * pages, so the everyday controls above never sit next to the one that stops Zoom for everyone.
 */
export function OrgDangerZone({ session }: { session: StoredSession }) {
  const org = useOrgZoom(session);
  if (org.data?.state !== 'active') return null;
  return (
    <section className="card stack danger-zone" aria-labelledby="danger-zone-heading">
      <h2 id="danger-zone-heading">Danger zone</h2>
      <div className="row">
        <span className="small muted spacer">
          Disconnecting stops Zoom for members on the organization connection. Personal connections
          stay.
        </span>
        <OrgDisconnect session={session} />
      </div>
    </section>
  );
}
