import { SANDBOX_ZOOM_PASSWORD } from '../../sandbox/seed';

export interface ConsentResult {
  status: number;
  location: string | null;
  html: string;
}

function authorizationId(html: string): string {
  const id = html.match(/name="authorization_id" value="([^"]+)"/)?.[1];
  if (!id) throw new Error(`No authorization id on the Zoom page:\n${html.slice(0, 500)}`);
  return id;
}

async function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

/** Walks Zoom's authorize → sign in → consent pages over real HTTP, as a browser would. */
export async function approveAtZoom(
  authorizeUrl: string,
  email: string,
  decision: 'allow' | 'decline' = 'allow',
): Promise<ConsentResult> {
  const origin = new URL(authorizeUrl).origin;
  const signInPage = await (await fetch(authorizeUrl)).text();
  const consent = await postForm(`${origin}/oauth/signin`, {
    authorization_id: authorizationId(signInPage),
    email,
    password: SANDBOX_ZOOM_PASSWORD,
  });
  const consentPage = await consent.text();
  const res = await postForm(`${origin}/oauth/consent`, {
    authorization_id: authorizationId(consentPage),
    decision,
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

/** The path + query of the callback URL Zoom redirected to, for `app.request`. */
export function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

interface ServiceLike {
  request(
    method: string,
    path: string,
    opts?: { headers?: Record<string, string>; body?: unknown },
  ): Promise<Response>;
  app: { request(path: string): Response | Promise<Response> };
}

/**
 * The whole org approval as the product does it: an admin requests a link, a Zoom admin signs
 * in at the sandbox and approves, the service's callback stores the connection.
 */
export async function connectOrgThroughZoom(
  service: ServiceLike,
  adminHeaders: Record<string, string>,
  zoomAdminEmail = 'zara@acme.test',
): Promise<void> {
  const link = (await (
    await service.request('POST', '/api/org/zoom/approval-links', {
      headers: adminHeaders,
      body: {},
    })
  ).json()) as { url: string };
  const linkToken = link.url.split('/').at(-1);
  const flow = (await (
    await service.request('POST', `/api/approvals/${linkToken}/flows`, { body: { client: 'web' } })
  ).json()) as { authorizeUrl: string };
  const answer = await approveAtZoom(flow.authorizeUrl, zoomAdminEmail);
  if (!answer.location) throw new Error(`Zoom did not redirect:\n${answer.html.slice(0, 300)}`);
  const callback = await service.app.request(pathOf(answer.location));
  const outcome = new URL(callback.headers.get('location') ?? 'http://x/').searchParams.get(
    'outcome',
  );
  if (outcome !== 'connected') throw new Error(`The approval ended as ${outcome}`);
}

/** Adds Mia back to the sandbox's Acme Zoom account as a Member (after a test removed her). */
export function addMiaToZoom(sandboxUrl: string): Promise<Response> {
  return fetch(`${sandboxUrl}/_sandbox/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      accountId: 'acme-zoom-account',
      email: 'mia@acme.test',
      firstName: 'Mia',
      lastName: 'Member',
      role: 'Member',
    }),
  });
}
