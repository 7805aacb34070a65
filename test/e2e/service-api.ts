import { approveAtZoom } from '../server/zoom-browser';
import { E2E_SERVICE_URL } from './stack';

/** Arranges service state over its real HTTP API, so each spec starts from what it needs. */
export async function api<T = unknown>(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${E2E_SERVICE_URL}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function signInToService(email: string): Promise<string> {
  const res = await api<{ token: string }>('POST', '/api/auth/sign-in', {
    body: { email, password: 'demo-password' },
  });
  if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status}`);
  return res.body.token;
}

/** Puts the demo org back to "not connected": no connection, no pending link. */
export async function resetOrgConnection(): Promise<void> {
  const token = await signInToService('olivia@acme.test');
  const org = await api<{ state: string }>('GET', '/api/org/zoom', { token });
  if (org.body.state === 'active' || org.body.state === 'needs_reconnect') {
    await api('POST', '/api/org/zoom/disconnect', { token });
  }
  await api('DELETE', '/api/org/zoom/approval-links/current', { token });
  await fetch(`${process.env.E2E_SANDBOX_URL}/_sandbox/reset`, { method: 'POST' });
}

/** A fresh approval link for the demo org. */
/**
 * A new approval link, asked for by `admin` (the owner by default). Within seconds the same
 * admin asking again gets the same link back (a double submit), so a spec that needs a link
 * replaced asks the second time as another admin.
 */
export async function newApprovalLink(admin = 'olivia@acme.test'): Promise<string> {
  const token = await signInToService(admin);
  const res = await api<{ url: string }>('POST', '/api/org/zoom/approval-links', {
    token,
    body: {},
  });
  if (res.status !== 201) throw new Error(`approval link: ${res.status}`);
  return res.body.url;
}

/** The org approval over HTTP, for specs whose subject is what happens after it. */
export async function connectOrgAsZara(): Promise<void> {
  await connectOrgAs('zara@acme.test');
}

/** The org approval over HTTP by the Zoom admin `zoomAdmin` (any Zoom account). */
export async function connectOrgAs(zoomAdmin: string): Promise<void> {
  const linkToken = (await newApprovalLink()).split('/').at(-1);
  const flow = await api<{ authorizeUrl: string }>('POST', `/api/approvals/${linkToken}/flows`, {
    body: { client: 'web' },
  });
  const answer = await approveAtZoom(flow.body.authorizeUrl, zoomAdmin);
  const callback = await fetch(answer.location ?? '', { redirect: 'manual' });
  const outcome = new URL(callback.headers.get('location') ?? 'http://x/').searchParams.get(
    'outcome',
  );
  if (outcome !== 'connected') throw new Error(`org approval ended as ${outcome}`);
}

interface CaughtMail {
  id: string;
  to: string[];
  subject: string;
  text: string;
}

/**
 * The one mail to `to` whose subject starts with `subject`, from the mail catcher's JSON API,
 * once the service's outbox has sent it (it ticks every 2 s).
 */
export async function waitForMail(to: string, subject: string): Promise<CaughtMail> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await fetch(
      `${process.env.E2E_MAIL_URL}/api/messages?to=${encodeURIComponent(to)}`,
    );
    const mails = ((await res.json()) as CaughtMail[]).filter((m) => m.subject.startsWith(subject));
    if (mails.length > 1) throw new Error(`${mails.length} mails "${subject}" to ${to}, not one`);
    if (mails[0]) return mails[0];
    if (Date.now() > deadline) throw new Error(`No mail "${subject}" to ${to} arrived`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
