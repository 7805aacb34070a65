import { type FormEvent, useId, useState } from 'react';
import { useRequestPasswordReset } from '../lib/extension/pages/member-data';

export interface ForgotPasswordFormProps {
  serviceUrl: string;
  /** What was typed in the sign-in form, so nobody types it twice. */
  initialEmail: string;
  onBack: () => void;
}

/**
 * "Forgot password?": asks the service to mail a link. The service answers alike whether or not
 * the address has an account, so the page says "if", never "we found you".
 */
export function ForgotPasswordForm({ serviceUrl, initialEmail, onBack }: ForgotPasswordFormProps) {
  const request = useRequestPasswordReset(serviceUrl);
  const [email, setEmail] = useState(initialEmail);
  const headingId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate({ email });
  };

  return (
    <form className="stack" onSubmit={submit} aria-labelledby={headingId}>
      <h2 id={headingId}>Reset your password</h2>
      {request.isSuccess ? (
        <p className="notice notice-ok" role="status">
          If an account uses {request.variables?.email}, we sent it a link to choose a new password.
          The link works once, for an hour.
        </p>
      ) : (
        <p className="small muted">
          Enter your email. We'll send you a link to choose a new password.
        </p>
      )}
      <label className="field">
        Email
        <input
          className="input"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </label>
      {request.isError && (
        <p className="notice notice-error" role="alert">
          Couldn't send the link: {request.error.message}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button button-primary" disabled={request.isPending}>
          {request.isPending ? 'Sending…' : request.isSuccess ? 'Send again' : 'Email me a link'}
        </button>
        <button type="button" className="link-button small" onClick={onBack}>
          Back to sign in
        </button>
      </div>
    </form>
  );
}
