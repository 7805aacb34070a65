import { Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import {
  NEW_PASSWORD_MIN_LENGTH,
  newPassword,
  passwordResetRequestBody,
} from '../../lib/contracts/api';
import { urlToken } from '../../lib/contracts/text';
import type { AppEnv, Deps } from '../deps';
import { DomainError } from '../domain/errors';
import {
  checkResetLink,
  RESET_TTL_MINUTES,
  requestPasswordReset,
  resetPassword,
} from '../domain/password-reset';
import { clientAddress } from '../http/client-address';
import { statusOf } from '../http/errors';
import { messagePage, page } from '../pages/layout';

const resetToken = urlToken();
const resetForm = z.object({ password: newPassword() });

const notFound = () =>
  messagePage('Password reset link not found', 'This password reset link does not exist.');

const sentPage = () =>
  messagePage(
    'Check your email',
    `If an account uses that email, we sent it a link to choose a new password. The link works once, for ${RESET_TTL_MINUTES} minutes.`,
    'No email? Check the address and your spam folder, then ask again.',
  );

function requestForm(error?: string) {
  return page(
    'Reset your password',
    html`<h1>Reset your password</h1>
      <p>Enter your email. We'll send you a link to choose a new password.</p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/reset" class="form">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required maxlength="254" />
        <button type="submit">Email me a link</button>
      </form>`,
  );
}

function newPasswordForm(token: string, error?: string) {
  return page(
    'Choose a new password',
    html`<h1>Choose a new password</h1>
      <p>Choosing a new password signs you out everywhere, on every device.</p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/reset/${token}" class="form">
        <label for="password">New password</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required minlength="${NEW_PASSWORD_MIN_LENGTH}" maxlength="200" aria-describedby="password-hint" />
        <p id="password-hint" class="muted">At least ${NEW_PASSWORD_MIN_LENGTH} characters.</p>
        <button type="submit">Set new password</button>
      </form>`,
  );
}

function problemPage(err: DomainError) {
  return messagePage(
    'This password reset link cannot be used',
    err.message,
    'Ask for a new link: "Forgot password?" on the extension\'s sign-in.',
  );
}

/**
 * PUBLIC_URL/reset: ask for a link without the extension (the "password changed" mail links
 * here). PUBLIC_URL/reset/<token>: the mailed link. Opening it only shows the form, so a mail
 * scanner that fetches links changes nothing; the password is set by the form's POST.
 */
export function resetPageRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/reset', (c) => c.html(requestForm()))
    .post('/reset', async (c) => {
      const form = await c.req.parseBody();
      const body = passwordResetRequestBody.safeParse({ email: form.email });
      if (!body.success) return c.html(requestForm('Enter an email address.'), 400);
      try {
        await requestPasswordReset(deps, body.data.email, clientAddress(c, deps.env));
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'too_many_attempts') throw err;
        const wait = err.details.retryAfterSeconds;
        if (wait) c.header('Retry-After', String(wait));
        return c.html(requestForm(err.message), 429);
      }
      return c.html(sentPage(), 202);
    })
    .get('/reset/:token', async (c) => {
      const token = resetToken.safeParse(c.req.param('token'));
      if (!token.success) return c.html(notFound(), 404);
      try {
        await checkResetLink(deps, token.data);
        return c.html(newPasswordForm(token.data));
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        return c.html(problemPage(err), statusOf[err.code]);
      }
    })
    .post('/reset/:token', async (c) => {
      const token = resetToken.safeParse(c.req.param('token'));
      if (!token.success) return c.html(notFound(), 404);
      const form = await c.req.parseBody();
      const body = resetForm.safeParse({ password: form.password });
      try {
        if (!body.success) {
          await checkResetLink(deps, token.data);
          const error = body.error.issues.map((i) => i.message).join(' ');
          return c.html(newPasswordForm(token.data, `Check the form: ${error}`), 400);
        }
        const reset = await resetPassword(deps, token.data, body.data.password);
        return c.html(
          page(
            'Your password was changed',
            html`<h1>Your password was changed</h1>
              <p>
                Open the Org Zoom Connect extension and sign in as <strong>${reset.email}</strong>
                with your new password.
              </p>
              <p class="muted">Every device that was signed in has been signed out.</p>`,
          ),
        );
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        return c.html(problemPage(err), statusOf[err.code]);
      }
    });
}
