import type { useMe } from '../lib/extension/pages/member-data';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { ErrorState } from './error-state';
import { LoadingState } from './loading-state';
import { MyZoomActions } from './my-zoom-actions';
import { MyZoomStatus } from './my-zoom-status';

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
        <MyZoomStatus zoom={me.data.zoom} orgRole={session.membership.role} />
        <MyZoomActions session={session} zoom={me.data.zoom} />
      </>
    );
  }
  if (me.isError) {
    return <ErrorState title={errorTitle} error={me.error} onRetry={() => void me.refetch()} />;
  }
  return <LoadingState label={loadingLabel} />;
}
