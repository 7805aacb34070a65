import { Hono } from 'hono';
import { html } from 'hono/html';
import {
  acceptInvitationBody,
  type InvitationInfo,
  type MemberZoom,
} from '../../lib/contracts/api';
import { urlToken } from '../../lib/contracts/text';
import type { AppEnv, Deps } from '../deps';
import { DomainError } from '../domain/errors';
import { acceptInvitation, invitationInfo, usedInvitationEmail } from '../domain/invitations';
import { notConnectedMessage } from '../domain/zoom-status-words';
import { statusOf } from '../http/errors';
import { messagePage, page } from '../pages/layout';

const invitationToken = urlToken();
const roleWord = { owner: 'an owner', admin: 'an admin', user: 'a member' } as const;

/** The Chrome Web Store page of the (first) extension id unless EXTENSION_INSTALL_URL says. */
function installUrl(deps: Deps): string {
  return (
    deps.env.EXTENSION_INSTALL_URL ??
    `https://chromewebstore.google.com/detail/${deps.env.EXTENSION_IDS[0]}`
  );
}

/**
 * What the new member's Zoom is, by the rule: a new address is unverified, so the org's Zoom waits
 * for the mailed link — and then still for the org's own connection, which the page says too.
 */
function zoomAfterJoining(joined: { zoom: MemberZoom; zoomOnceVerified: MemberZoom }): string {
  const now = joined.zoom;
  if (now.status === 'connected') return "Your organization's Zoom is ready for you there.";
  if (now.reason !== 'email_not_verified')
    return notConnectedMessage[now.reason ?? 'org_not_connected'];
  const then = joined.zoomOnceVerified;
  return then.type === 'organization'
    ? "Your organization's Zoom works for you once your email is verified."
    : notConnectedMessage[then.reason ?? 'org_not_connected'];
}

/**
 * A used invitation is most often its own person coming back (Back, a reload, a second submit):
 * they have an account, so the page says how to sign in rather than to ask for a new one.
 */
async function problemPage(deps: Deps, token: string, err: DomainError) {
  const joinedAs = err.code === 'invitation_used' ? await usedInvitationEmail(deps, token) : null;
  if (joinedAs) {
    return page(
      'This invitation was already used',
      html`<h1>This invitation was already used</h1>
        <p>An account for <strong>${joinedAs}</strong> was created with it.</p>
        <p>Open the Org Zoom Connect extension and sign in as <strong>${joinedAs}</strong>.</p>`,
    );
  }
  return messagePage(
    'This invitation cannot be used',
    err.message,
    'Ask an admin of the organization to invite you again.',
  );
}

function signUpForm(token: string, info: InvitationInfo, opts: { name?: string; error?: string }) {
  return page(
    `Join ${info.orgName}`,
    html`<h1>Join ${info.orgName}</h1>
      <p>
        ${info.invitedBy.name} invited you to join ${info.orgName} on Org Zoom Connect as
        ${roleWord[info.role]}. Create your account to get your organization's Zoom.
      </p>
      ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
      <form method="post" action="/invite/${token}" class="form">
        <label for="email">Email</label>
        <input id="email" type="email" value="${info.email}" readonly />
        <label for="name">Name</label>
        <input id="name" name="name" autocomplete="name" required maxlength="100" value="${opts.name ?? ''}" />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required minlength="10" maxlength="200" aria-describedby="password-hint" />
        <p id="password-hint" class="muted">At least 10 characters.</p>
        <button type="submit">Create account</button>
      </form>`,
  );
}

/** The invitation link's page on PUBLIC_URL: a plain sign-up form, no script needed. */
export function invitePageRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/invite/:token', async (c) => {
      const token = invitationToken.safeParse(c.req.param('token'));
      if (!token.success) {
        return c.html(
          messagePage('Invitation not found', 'This invitation link does not exist.'),
          404,
        );
      }
      try {
        return c.html(signUpForm(token.data, await invitationInfo(deps, token.data), {}));
      } catch (err) {
        if (err instanceof DomainError)
          return c.html(
            await problemPage(deps, token.data, err),
            statusOf[err.code] === 404 ? 404 : 410,
          );
        throw err;
      }
    })
    .post('/invite/:token', async (c) => {
      const token = invitationToken.safeParse(c.req.param('token'));
      if (!token.success) {
        return c.html(
          messagePage('Invitation not found', 'This invitation link does not exist.'),
          404,
        );
      }
      const form = await c.req.parseBody();
      const body = acceptInvitationBody.safeParse({ name: form.name, password: form.password });
      try {
        if (!body.success) {
          const info = await invitationInfo(deps, token.data);
          const error = body.error.issues.map((i) => i.message).join(' ');
          const name = typeof form.name === 'string' ? form.name.slice(0, 100) : '';
          return c.html(
            signUpForm(token.data, info, { name, error: `Check the form: ${error}` }),
            400,
          );
        }
        const joined = await acceptInvitation(deps, token.data, body.data);
        return c.html(
          page(
            `You're in ${joined.orgName}`,
            html`<h1>You're in ${joined.orgName}</h1>
              <p>
                Open the Org Zoom Connect extension and sign in as
                <strong>${joined.email}</strong>.
              </p>
              <p>
                We emailed a link to <strong>${joined.email}</strong>: open it to verify your email.
              </p>
              <p class="muted">${zoomAfterJoining(joined)}</p>
              <p>
                No extension yet?
                <a class="button" href="${installUrl(deps)}">Install the extension</a>
              </p>`,
          ),
        );
      } catch (err) {
        if (err instanceof DomainError) {
          return c.html(await problemPage(deps, token.data, err), statusOf[err.code]);
        }
        throw err;
      }
    });
}
