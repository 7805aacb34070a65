import type { MemberRow } from '../lib/contracts/api';
import { useMembers } from '../lib/extension/queries';
import type { StoredSession } from '../lib/extension/storage-items';
import { ErrorState } from './error-state';
import { LoadingState } from './loading-state';
import { connectionTypeLabel, notConnectedText, roleLabel } from './words';

function StatusCell({ member }: { member: MemberRow }) {
  if (member.status === 'connected') return <span className="status status-ok">Connected</span>;
  const reason = member.reason ? notConnectedText[member.reason].reason : undefined;
  return (
    <span className="status status-off" title={reason}>
      Not connected
    </span>
  );
}

/** Every member's Zoom status and Type (Organization / Personal), paged by the service. */
export function MemberTable({ session }: { session: StoredSession }) {
  const members = useMembers(session);

  if (!members.data) {
    if (!members.isError) return <LoadingState label="Loading members…" />;
    return (
      <ErrorState
        title="Couldn't load the members."
        error={members.error}
        onRetry={() => void members.refetch()}
      />
    );
  }

  const rows = members.data.pages.flatMap((page) => page.members);
  const total = members.data.pages[0]?.total ?? rows.length;

  return (
    <section className="card stack">
      <div className="table-wrap">
        <table>
          <caption>Members</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Type</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((member) => (
              <tr key={member.id}>
                <td>{member.name}</td>
                <td>{member.email}</td>
                <td>{roleLabel[member.role]}</td>
                <td>
                  <StatusCell member={member} />
                </td>
                <td>{member.type ? connectionTypeLabel[member.type] : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row">
        <span id="members-total" className="small muted">
          Showing {rows.length} of {total} {total === 1 ? 'member' : 'members'}
        </span>
        <span className="spacer" />
        {members.hasNextPage && (
          <button
            type="button"
            className="button"
            onClick={() => void members.fetchNextPage()}
            disabled={members.isFetchingNextPage}
          >
            {members.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
      {members.isFetchNextPageError && (
        <ErrorState
          title="Couldn't load more members."
          error={members.error}
          onRetry={() => void members.fetchNextPage()}
        />
      )}
    </section>
  );
}
