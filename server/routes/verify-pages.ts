import { Hono } from 'hono';
import { html } from 'hono/html';
import { urlToken } from '../../lib/contracts/text';
import type { AppEnv, Deps } from '../deps';
import { verifyEmail } from '../domain/email-verification';
import { DomainError } from '../domain/errors';
import { statusOf } from '../http/errors';
import { messagePage, page } from '../pages/layout';

const verificationToken = urlToken();

const notFound = () =>
  messagePage('Verification link not found', 'This verification link does not exist.');

/**
 * The link mailed to verify an address (PUBLIC_URL/verify/<token>). Opening it shows a button;
 * only pressing it verifies, so a mail scanner that fetches links does not verify for anyone.
 */
export function verifyPageRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/verify/:token', (c) => {
      const token = verificationToken.safeParse(c.req.param('token'));
      if (!token.success) return c.html(notFound(), 404);
      return c.html(
        page(
          'Verify your email',
          html`<h1>Verify your email</h1>
            <p>Confirm this is your email to use your organization's Zoom.</p>
            <form method="post" action="/verify/${token.data}" class="form">
              <button type="submit">Verify my email</button>
            </form>`,
        ),
      );
    })
    .post('/verify/:token', async (c) => {
      const token = verificationToken.safeParse(c.req.param('token'));
      if (!token.success) return c.html(notFound(), 404);
      try {
        const verified = await verifyEmail(deps, token.data);
        return c.html(
          page(
            'Your email is verified',
            html`<h1>Your email is verified</h1>
              <p><strong>${verified.email}</strong> is verified.</p>
              <p class="muted">
                ${verified.orgName}'s Zoom works for you now: open the Org Zoom Connect extension.
              </p>`,
          ),
        );
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        return c.html(
          messagePage(
            'This verification link cannot be used',
            err.message,
            'Sign in to the extension to send yourself a new link.',
          ),
          statusOf[err.code],
        );
      }
    });
}
