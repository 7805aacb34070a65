import { type FormEvent, useEffect, useRef, useState } from 'react';
import { NEW_PASSWORD_MIN_LENGTH } from '../lib/contracts/api';
import { useChangePassword, useSignOutEverywhere } from '../lib/extension/pages/account-queries';
import { isApiError } from '../lib/extension/shared/api-request';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { ConfirmDialog } from './confirm-dialog';

/** The options page's Account section: everyone's own password and sessions. */
export function AccountSecurity({ session }: { session: StoredSession }) {
  return (
    <section className="card stack" aria-labelledby="account-heading">
      <h2 id="account-heading">Account</h2>
      <p className="small muted">
        Signed in as {session.account.email}. Forgot your password? Sign out, then choose "Forgot
        password?".
      </p>
      <ChangePassword session={session} />
      <SignOutEverywhere session={session} />
    </section>
  );
}

function changeErrorText(error: unknown): string {
  if (isApiError(error, 'wrong_password')) return 'Your current password is not right.';
  if (error instanceof Error) return `Couldn't change your password: ${error.message}`;
  return "Couldn't change your password. Try again.";
}

function ChangePassword({ session }: { session: StoredSession }) {
  const change = useChangePassword(session);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const errorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (change.error) errorRef.current?.focus();
  }, [change.error]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrentPassword('');
          setNewPassword('');
        },
      },
    );
  };

  return (
    <form className="stack" onSubmit={submit} aria-labelledby="change-password-heading">
      <h3 id="change-password-heading">Change password</h3>
      <label className="field">
        Current password
        <input
          className="input"
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.target.value)}
        />
      </label>
      <label className="field">
        New password
        <input
          className="input"
          type="password"
          autoComplete="new-password"
          required
          minLength={NEW_PASSWORD_MIN_LENGTH}
          maxLength={200}
          aria-describedby="new-password-hint"
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
        />
      </label>
      <span id="new-password-hint" className="small muted">
        At least {NEW_PASSWORD_MIN_LENGTH} characters. Your other devices will be signed out.
      </span>
      {change.isError && (
        <p ref={errorRef} tabIndex={-1} className="notice notice-error" role="alert">
          {changeErrorText(change.error)}
        </p>
      )}
      {change.isSuccess && (
        <p className="notice notice-ok" role="status">
          Password changed.{' '}
          {change.data.signedOut === 1
            ? 'One other device was signed out.'
            : `${change.data.signedOut} other devices were signed out.`}
        </p>
      )}
      <div>
        <button type="submit" className="button" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}

function SignOutEverywhere({ session }: { session: StoredSession }) {
  const signOutAll = useSignOutEverywhere(session);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="stack">
      <h3>Sign out everywhere</h3>
      <div className="row">
        <span className="small muted spacer">
          Signs you out on every device and browser, this one included.
        </span>
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Sign out everywhere
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title="Sign out everywhere?"
          confirmLabel="Sign out everywhere"
          danger
          busy={signOutAll.isPending}
          error={signOutAll.isError ? signOutAll.error.message : null}
          onConfirm={() => signOutAll.mutate()}
          onCancel={() => setConfirming(false)}
        >
          <p>Every device signed in as {session.account.email} will need your password again.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
