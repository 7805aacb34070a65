import { memberZoom } from '../../lib/contracts/api';
import { DEV_EXTENSION_ID } from '../../lib/contracts/dev-extension';
import type { TestService } from './harness';
import { approveAtZoom, pathOf } from './zoom-browser';

/** Helpers for the member-side Zoom tests: both apps at the sandbox, both flows end to end. */

export const EXTENSION_REDIRECT = `https://${DEV_EXTENSION_ID}.chromiumapp.org/zoom`;

/** Runs the personal flow as the extension does; returns the state and the final outcome. */
export async function connectPersonal(
  service: TestService,
  member: Record<string, string>,
  zoomEmail: string,
): Promise<{ state: string; outcome: string | null }> {
  const res = await service.request('POST', '/api/me/zoom/personal/flows', {
    headers: member,
    body: { client: 'extension', redirectUri: EXTENSION_REDIRECT },
  });
  if (res.status !== 200) throw new Error(`personal flow refused: ${res.status}`);
  const { authorizeUrl, state } = (await res.json()) as { authorizeUrl: string; state: string };
  const answer = await approveAtZoom(authorizeUrl, zoomEmail);
  if (!answer.location) throw new Error(`Zoom did not redirect:\n${answer.html.slice(0, 300)}`);
  const callback = await service.app.request(pathOf(answer.location));
  const final = new URL(callback.headers.get('location') ?? 'http://invalid/');
  return { state, outcome: final.searchParams.get('outcome') };
}

export async function myZoom(service: TestService, member: Record<string, string>) {
  const res = await service.request('GET', '/api/me', { headers: member });
  return memberZoom.parse(((await res.json()) as { zoom: unknown }).zoom);
}
