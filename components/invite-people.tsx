import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { InvitationView, OrgRole } from '../lib/contracts/api';
import {
  useCreateInvitation,
  useInvitations,
  useRevokeInvitation,
} from '../lib/extension/pages/member-queries';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { CopyButton } from './copy-button';
import { ErrorState } from './error-state';
import { formatDate, roleLabel } from './words';

function PendingInvitations({ session }: { session: StoredSession }) {
  const invitations = useInvitations(session);
  const revoke = useRevokeInvitation(session);
  if (invitations.isError) {
    return (
      <ErrorState
        title="Couldn't load the pending invitations."
        error={invitations.error}
        onRetry={() => void invitations.refetch()}
      />
    );
  }
  const list = invitations.data?.invitations ?? [];
  if (list.length === 0) return null;
  return (
    <div className="stack">
      <h3>Pending invitations</h3>
      <ul className="invitation-list" aria-label="Pending invitations">
        {list.map((inv) => (
          <li key={inv.id} className="row">
            <span>
              {inv.email} · {roleLabel[inv.role]}
              <span className="small muted"> · expires {formatDate(inv.expiresAt)}</span>
            </span>
            <span className="spacer" />
            {inv.url && (
              <CopyButton
                text={inv.url}
                label="Copy link"
                ariaLabel={`Copy link for ${inv.email}`}
              />
            )}
            <button
              type="button"
              className="button"
              aria-label={`Revoke the invitation for ${inv.email}`}
              disabled={revoke.isPending}
              onClick={() => revoke.mutate(inv.id)}
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "Invite people": an invitation link per email, to send however the admin likes. */
export function InvitePeople({ session }: { session: StoredSession }) {
  const create = useCreateInvitation(session);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<OrgRole>('user');
  const [created, setCreated] = useState<InvitationView | null>(null);
  // The form opens on demand, so the console has no stray Email field until an admin invites.
  const [open, setOpen] = useState(false);
  const emailField = useRef<HTMLInputElement>(null);
  const result = useRef<HTMLElement | null>(null);
  // Focus follows the admin: into the form when it opens, onto the link or the refusal after.
  useEffect(() => {
    if (open) emailField.current?.focus();
  }, [open]);
  useEffect(() => {
    if (created || create.isError) result.current?.focus();
  }, [created, create.isError]);
  const roles: OrgRole[] =
    session.membership.role === 'owner' ? ['user', 'admin', 'owner'] : ['user', 'admin'];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { email: email.trim(), role },
      {
        onSuccess: (invitation) => {
          setCreated(invitation);
          setEmail('');
        },
      },
    );
  };

  return (
    <section className="card stack" aria-labelledby="invite-heading">
      <div className="row">
        <h2 id="invite-heading">Invite people</h2>
        <span className="spacer" />
        {!open && (
          <button type="button" className="button" onClick={() => setOpen(true)}>
            Invite someone
          </button>
        )}
      </div>
      {open && (
        <form className="row invite-form" onSubmit={submit}>
          <label className="field">
            <span>Email</span>
            <input
              ref={emailField}
              className="input"
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label className="field">
            <span>Role</span>
            <select
              className="input"
              value={role}
              onChange={(e) => setRole(e.target.value as OrgRole)}
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleLabel[r]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create invitation link'}
          </button>
        </form>
      )}
      {create.isError && (
        <p
          role="alert"
          className="error-text"
          tabIndex={-1}
          ref={(node) => {
            result.current = node;
          }}
        >
          {create.error.message}
        </p>
      )}
      {created?.url && (
        <div className="stack" role="status">
          <p>
            We emailed this link to {created.email}; you can also copy it. It works once and expires{' '}
            {formatDate(created.expiresAt)}.
          </p>
          <div className="row">
            <input
              ref={(node) => {
                result.current = node;
              }}
              className="input grow"
              readOnly
              value={created.url}
              aria-label="Invitation link"
            />
            <CopyButton text={created.url} />
          </div>
        </div>
      )}
      <PendingInvitations session={session} />
    </section>
  );
}
