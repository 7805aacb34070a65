import type { useMe } from '../lib/extension/pages/queries';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { ErrorState } from './error-state';
import { LoadingState } from './loading-state';
import { MemberZoomStatus } from './member-zoom-status';
import { YourZoomActions } from './your-zoom-actions';

/** The member's active Zoom and what they can do about it: shared by the popup and options. */
export function MyZoom({
  session,
  me,
  errorTitle,
  loadingLabel,
}: {
  session: StoredSession;
  me: ReturnType<typeof useMe>;
  errorTitle: string;
  loadingLabel?: string;
}) {
  if (me.data) {
    return (
      <>
        <MemberZoomStatus zoom={me.data.zoom} orgRole={session.membership.role} />
        <YourZoomActions session={session} zoom={me.data.zoom} />
      </>
    );
  }
  if (me.isError) {
    return <ErrorState title={errorTitle} error={me.error} onRetry={() => void me.refetch()} />;
  }
  return <LoadingState label={loadingLabel} />;
}
