import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approvalWords } from '../../lib/words/approval';
import { approvalLinks, oauthFlows, orgConnections } from '../../server/db/schema';
import { startServiceWithZoom, type TestServiceWithZoom } from './harness';
import { approveAtZoom, pathOf } from './zoom-browser';

/** The service's approval pages read like the extension's (issue 9, "One approval page"). */
let service: TestServiceWithZoom;
let owner: Record<string, string>;

beforeAll(async () => {
  service = await startServiceWithZoom();
  owner = await service.signIn('olivia@acme.test');
});
afterAll(async () => {
  await service.close();
});
beforeEach(async () => {
  await fetch(`${service.zoom.url}/_sandbox/reset`, { method: 'POST' });
  await service.deps.db.delete(oauthFlows);
  await service.deps.db.delete(approvalLinks);
  await service.deps.db.delete(orgConnections);
});

async function newLinkToken(): Promise<string> {
  const res = await service.request('POST', '/api/org/zoom/approval-links', {
    headers: owner,
    body: {},
  });
  return ((await res.json()) as { url: string }).url.split('/').at(-1) ?? '';
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const escaped = (s: string) => s.replaceAll("'", '&#39;');

describe('the service approval page', () => {
  it('says who asks, for which organization, what Zoom will allow and what happens next', async () => {
    const html = await (await service.app.request(`/approve/${await newLinkToken()}`)).text();
    expect(html).toContain(`<h1>${approvalWords.title('Acme Scheduling')}</h1>`);
    const requester = /\(olivia@acme\.test\) asks a Zoom account Owner or Admin/;
    expect(text(html)).toMatch(requester);
    expect(html).toContain(approvalWords.accessHeading);
    for (const line of approvalWords.access) expect(html).toContain(escaped(line));
    expect(html).toContain(approvalWords.nextHeading);
    // The expiry is a <time> the page's script shows in the reader's zone; UTC until then.
    expect(html).toMatch(
      /<time datetime="\d{4}-\d\d-\d\dT[^"]+Z" data-local-time>[^<]+UTC<\/time>/,
    );
  });

  it('after a connection shows no request or expiry lines, and says how to leave', async () => {
    const linkToken = await newLinkToken();
    const start = await service.app.request(`/approve/${linkToken}/start`, { method: 'POST' });
    const answer = await approveAtZoom(start.headers.get('location') ?? '', 'olivia@acme.test');
    const callback = await service.app.request(pathOf(answer.location ?? ''));
    const html = await (
      await service.app.request(pathOf(callback.headers.get('location') ?? ''))
    ).text();
    expect(html).toContain(`<h1>${approvalWords.connectedTitle}</h1>`);
    expect(html).toContain(approvalWords.connected('Acme Scheduling'));
    expect(html).not.toMatch(/wants to connect|expires/i);
    expect(html).toContain(approvalWords.done);
  });
});
