import { useState } from 'react';
import type { MemberRow, OrgRole } from '../lib/contracts/api';
import { useUpdateMemberRole } from '../lib/extension/pages/member-queries';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { ConfirmDialog } from './confirm-dialog';
import { memberRoles } from './member-table-layout';
import { RemoveMemberDialog } from './remove-member-dialog';
import { roleLabel } from './words';

/**
 * An owner's role select and Remove for one member. Both ask first in a dialog: a role is
 * access to the console, and a removed member loses the organization's Zoom at once.
 */
export function MemberActions({
  session,
  member,
  onRemoved,
}: {
  session: StoredSession;
  member: MemberRow;
  /** Told after the removal, while this row is about to disappear from the table. */
  onRemoved: (member: MemberRow) => void;
}) {
  const updateRole = useUpdateMemberRole(session);
  const [asking, setAsking] = useState<{ kind: 'role'; role: OrgRole } | { kind: 'remove' } | null>(
    null,
  );
  const close = () => {
    updateRole.reset();
    setAsking(null);
  };

  return (
    <span className="row tight nowrap">
      <select
        className="input small-select"
        aria-label={`Role of ${member.name}`}
        value={member.role}
        disabled={updateRole.isPending}
        onChange={(e) => setAsking({ kind: 'role', role: e.target.value as OrgRole })}
      >
        {memberRoles.map((role) => (
          <option key={role} value={role}>
            {roleLabel[role]}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button small-button"
        aria-label={`Remove ${member.name}`}
        onClick={() => setAsking({ kind: 'remove' })}
      >
        Remove
      </button>
      {asking?.kind === 'role' && (
        <ConfirmDialog
          title={`Make ${member.name} ${withArticle(roleLabel[asking.role])}?`}
          confirmLabel="Change role"
          busy={updateRole.isPending}
          error={updateRole.error?.message}
          onCancel={close}
          onConfirm={() =>
            updateRole.mutate({ accountId: member.id, role: asking.role }, { onSuccess: close })
          }
        >
          <p>
            {member.email} is currently {withArticle(roleLabel[member.role])}.{' '}
            {roleMeaning[asking.role]}
          </p>
        </ConfirmDialog>
      )}
      {asking?.kind === 'remove' && (
        <RemoveMemberDialog
          session={session}
          member={member}
          onCancel={close}
          onRemoved={onRemoved}
        />
      )}
    </span>
  );
}

const roleMeaning: Record<OrgRole, string> = {
  owner: 'Owners manage the Zoom connection and invitations, and change roles and remove members.',
  admin: 'Admins manage the Zoom connection and invite people.',
  user: "Members use the organization's Zoom but don't manage it.",
};

function withArticle(word: string): string {
  return `${/^[AEIOU]/.test(word) ? 'an' : 'a'} ${word}`;
}
