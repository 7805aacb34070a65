import { screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { OptionsPage } from '@/components/options-page';
import { PopupPage } from '@/components/popup-page';
import { fakeService } from '../helpers/fake-service';
import { meFor, memberSession, SERVICE_URL } from '../helpers/fixtures';
import { renderWithQuery } from '../helpers/render';

// The console loads its sections with import() (options-page.tsx). Transformed once here, so no
// test's findBy waits on vitest compiling them for the first time.
beforeAll(() => import('@/components/console-sections'));

/**
 * The popup and the options page render their first view from what their entry point read
 * (page-start.ts): in the very first render, with no "Loading…" and no storage read before it.
 */
const connectedMe = meFor(memberSession, {
  status: 'connected',
  type: 'organization',
  reason: null,
  zoomEmail: 'max@acme.test',
  orgState: 'active',
});

describe('first render from the start values', () => {
  it("popup: the member's Zoom from the snapshot in the first render", () => {
    fakeService({ 'GET /api/me': { body: connectedMe } });
    const snapshot = {
      accountId: memberSession.account.id,
      serviceUrl: SERVICE_URL,
      me: connectedMe,
      org: null,
      savedAt: Date.now(),
    };
    renderWithQuery(<PopupPage start={[null, memberSession, snapshot]} />);
    // Synchronous queries: nothing awaited since render().
    expect(screen.getByText('Zoom — Organization')).toBeTruthy();
    expect(screen.queryByText('Loading…')).toBeNull();
  });

  it('popup: the sign-in form at once when nobody is signed in', () => {
    renderWithQuery(<PopupPage start={[null, null, null]} />);
    expect(screen.getByLabelText('Email')).toBeTruthy();
  });

  it("options: a member's own Zoom setup, not a loading page, in the first render", () => {
    fakeService({ 'GET /api/me': { body: connectedMe } });
    renderWithQuery(<OptionsPage start={[null, memberSession]} />);
    expect(screen.getByRole('heading', { name: 'Zoom' })).toBeTruthy();
  });
});
