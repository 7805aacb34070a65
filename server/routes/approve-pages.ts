import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod/mini';
import type { flowOutcome } from '../../lib/contracts/api';
import { storableText, urlToken } from '../../lib/contracts/text';
import { approvalWords, formatLocalTime } from '../../lib/words/approval';
import type { AppEnv, Deps } from '../deps';
import { redeemableLink } from '../domain/approval-links';
import { DomainError } from '../domain/errors';
import {
  finalRedirectUrl,
  flowResult,
  handleOAuthCallback,
  startOrgApprovalFlow,
} from '../domain/oauth-flows';
import { statusOf } from '../http/errors';
import { messagePage, page } from '../pages/layout';

const assets = {
  'page.css': 'text/css; charset=utf-8',
  'approve-page.js': 'text/javascript; charset=utf-8',
  'book-page.js': 'text/javascript; charset=utf-8',
} as const;
const assetBodies = Object.fromEntries(
  Object.keys(assets).map((name) => [
    name,
    readFileSync(new URL(`../pages/assets/${name}`, import.meta.url), 'utf8'),
  ]),
);

const linkToken = urlToken();
const callbackQuery = z.object({
  state: urlToken(),
  code: z.optional(storableText().check(z.maxLength(2000))),
  error: z.optional(storableText().check(z.maxLength(200))),
});
const resultQuery = z.object({ state: urlToken() });

/**
 * What Zoom will allow, what happens next, and the expiry as a <time> in UTC that
 * approve-page.js rewrites into the reader's own zone (the server can't know it).
 */
function approvalDetails(expiresAt: string) {
  return html`<section aria-labelledby="access-heading">
      <h2 id="access-heading">${approvalWords.accessHeading}</h2>
      <ul>${approvalWords.access.map((line) => html`<li>${line}</li>`)}</ul>
    </section>
    <section aria-labelledby="next-heading">
      <h2 id="next-heading">${approvalWords.nextHeading}</h2>
      <ol>${approvalWords.next.map((line) => html`<li>${line}</li>`)}</ol>
    </section>
    <p class="muted">
      ${approvalWords.expires}
      <time datetime="${expiresAt}" data-local-time>${formatLocalTime(expiresAt, 'UTC')}</time>.
    </p>`;
}

const outcomeCopy: Record<z.infer<typeof flowOutcome>, { title: string; next: string }> = {
  connected: { title: approvalWords.connectedTitle, next: approvalWords.done },
  not_admin: {
    title: 'This Zoom account is not an account admin',
    next: 'Ask your Zoom account owner or an admin to open the same approval link — it is still valid.',
  },
  denied: {
    title: 'You declined the Zoom connection',
    next: 'Open the approval link again if you change your mind.',
  },
  expired: {
    title: 'The Zoom sign-in expired',
    next: 'Open the approval link again to start over.',
  },
  link_invalid: {
    title: 'This approval link can no longer be used',
    next: 'Ask an admin of the organization for a new link.',
  },
  error: {
    title: 'Zoom could not complete the connection',
    next: 'Open the approval link again to retry.',
  },
  pending: { title: 'Waiting for Zoom', next: 'Finish signing in to Zoom in the other window.' },
};

/** Pages on PUBLIC_URL: the approval link's landing page, the web flow, and Zoom's callback. */
export function approvePageRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/assets/:name', (c) => {
      const name = c.req.param('name') as keyof typeof assets;
      // Own keys only: `in` would also find `toString` and the rest of Object.prototype.
      if (!Object.hasOwn(assets, name)) throw new DomainError('not_found', 'No such file.');
      return c.body(assetBodies[name] ?? '', 200, { 'content-type': assets[name] });
    })
    .get('/approve/result', async (c) => {
      const query = resultQuery.safeParse(c.req.query());
      if (!query.success)
        return c.html(
          messagePage('Unknown Zoom sign-in', 'This result page needs a valid sign-in.'),
          400,
        );
      const result = await flowResult(deps, query.data.state);
      const copy = outcomeCopy[result.outcome];
      const who = result.zoomEmail ? `${result.zoomEmail} (${result.zoomRole || 'no role'})` : null;
      return c.html(
        page(
          copy.title,
          html`<h1>${copy.title}</h1>
            <p>${result.outcome === 'connected' ? approvalWords.connected(result.orgName) : (result.message ?? '')}</p>
            ${result.outcome === 'connected' ? html`<p class="muted">${approvalWords.connectedNote}</p>` : ''}
            ${who ? html`<p class="muted">Zoom account: ${who}</p>` : ''}
            <p class="muted">${copy.next}</p>`,
        ),
      );
    })
    .get('/approve/:linkToken', async (c) => {
      const token = linkToken.safeParse(c.req.param('linkToken'));
      if (!token.success)
        return c.html(
          messagePage('Approval link not found', 'This approval link does not exist.'),
          404,
        );
      let info: Awaited<ReturnType<typeof redeemableLink>>['info'];
      try {
        ({ info } = await redeemableLink(deps.db, deps.now(), token.data));
      } catch (err) {
        if (err instanceof DomainError) {
          return c.html(
            messagePage(
              'This approval link cannot be used',
              err.message,
              'Ask an admin of the organization for a new link.',
            ),
            statusOf[err.code] === 404 ? 404 : 410,
          );
        }
        throw err;
      }
      return c.html(
        page(
          approvalWords.title(info.orgName),
          html`<div class="stack" data-link-token="${token.data}" data-extension-ids="${deps.env.EXTENSION_IDS.join(',')}">
            <h1>${approvalWords.title(info.orgName)}</h1>
            <p>${approvalWords.asks(info)}</p>
            ${approvalDetails(info.expiresAt)}
            <form method="post" action="/approve/${token.data}/start">
              <button type="submit">${approvalWords.start}</button>
            </form>
            <p id="handoff-status" class="status" role="status"></p>
          </div>`,
          { script: 'approve-page.js' },
        ),
      );
    })
    .post('/approve/:linkToken/start', async (c) => {
      const token = linkToken.safeParse(c.req.param('linkToken'));
      if (!token.success)
        return c.html(
          messagePage('Approval link not found', 'This approval link does not exist.'),
          404,
        );
      try {
        const { authorizeUrl } = await startOrgApprovalFlow(deps, token.data, { client: 'web' });
        return c.redirect(authorizeUrl, 302);
      } catch (err) {
        if (err instanceof DomainError)
          return c.html(
            messagePage('This approval link cannot be used', err.message),
            statusOf[err.code],
          );
        throw err;
      }
    })
    .get('/oauth/zoom/callback', async (c) => {
      const query = callbackQuery.safeParse(c.req.query());
      if (!query.success) {
        return c.html(
          messagePage('Zoom sign-in failed', 'The response from Zoom was incomplete.'),
          400,
        );
      }
      try {
        const { flow, outcome } = await handleOAuthCallback(deps, query.data);
        return c.redirect(finalRedirectUrl(flow, query.data.state, outcome), 302);
      } catch (err) {
        if (err instanceof DomainError)
          return c.html(messagePage('Zoom sign-in failed', err.message), statusOf[err.code]);
        throw err;
      }
    });
}
