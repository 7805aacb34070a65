import type { OrgConnectionView } from '../lib/contracts/api';
import { formatDate } from './words';

export function OrgConnectionDetails({ connection }: { connection: OrgConnectionView }) {
  return (
    <div className="stack">
      <p>
        <span className="status status-ok">Connected</span>
      </p>
      <p className="small">
        Users in your organization can automatically share Zoom meeting details. Personal Zoom
        connections are not overwritten.
      </p>
      <dl className="details">
        <dt>Zoom account</dt>
        <dd>{connection.zoomEmail}</dd>
        <dt>Zoom role</dt>
        <dd>{connection.zoomRole}</dd>
      </dl>
      <p className="small">
        Approved {formatDate(connection.approvedAt)}
        {connection.requestedBy && (
          <>
            <br />
            Requested by {connection.requestedBy.name}{' '}
            <span className="muted">({connection.requestedBy.email})</span>
          </>
        )}
      </p>
      <p className="small muted">
        The Zoom account used for the connection must stay an administrator. If it is removed or its
        role changes, you'll need to reconnect with a different Zoom administrator account.
      </p>
    </div>
  );
}
