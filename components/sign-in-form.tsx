import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useSignIn } from '../lib/extension/pages/member-data';
import { isApiError } from '../lib/extension/shared/api-request';
import { ForgotPasswordForm } from './forgot-password-form';

export interface SignInFormProps {
  serviceUrl: string;
  compact?: boolean;
}

function signInErrorText(error: unknown): string {
  if (isApiError(error, 'invalid_credentials')) return 'Incorrect email or password.';
  if (error instanceof Error) return error.message;
  return 'Sign-in failed. Try again.';
}

export function SignInForm({ serviceUrl, compact = false }: SignInFormProps) {
  const signIn = useSignIn(serviceUrl);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [forgot, setForgot] = useState(false);
  const errorId = useId();
  const errorRef = useRef<HTMLParagraphElement>(null);
  // After a failed sign-in, focus lands on why, so it is read out and the next Tab is the form.
  useEffect(() => {
    if (signIn.error) errorRef.current?.focus();
  }, [signIn.error]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password });
  };

  if (forgot) {
    return (
      <ForgotPasswordForm
        serviceUrl={serviceUrl}
        initialEmail={email}
        onBack={() => setForgot(false)}
      />
    );
  }

  return (
    <form className="stack" onSubmit={submit} aria-describedby={signIn.error ? errorId : undefined}>
      {!compact && <h1>Sign in to your organization</h1>}
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
      <label className="field">
        Password
        <input
          className="input"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </label>
      {signIn.error && (
        <p id={errorId} ref={errorRef} tabIndex={-1} className="notice notice-error" role="alert">
          {signInErrorText(signIn.error)}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button button-primary" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <button type="button" className="link-button small" onClick={() => setForgot(true)}>
          Forgot password?
        </button>
      </div>
    </form>
  );
}
