import type { OrgZoomResponse } from '../lib/contracts/api';
import { formatDate, formatRelative } from './words';

/**
 * Zoom refuses the service's own app (a rotated client secret, an edge answering HTML) while the
 * org's approval is fine. Reconnecting would not help, so the card says what does: fixing the
 * service's configuration, after which Zoom works again by itself.
 */
export function ZoomProblemNotice({
  problem,
}: {
  problem: NonNullable<OrgZoomResponse['zoomProblem']>;
}) {
  return (
    <div className="banner banner-warn stack" role="alert" aria-labelledby="zoom-problem-heading">
      <h3 id="zoom-problem-heading">Zoom is refusing this service right now</h3>
      <p className="banner-reason">{problem.message}</p>
      <p className="small">
        Members on the organization connection can't create Zoom meetings until this is fixed. The
        Zoom approval is kept, so no reconnect is needed. Since{' '}
        <time dateTime={problem.since} title={formatDate(problem.since)}>
          {formatRelative(problem.since)}
        </time>
        .
      </p>
    </div>
  );
}
