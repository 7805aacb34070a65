import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PopupPage } from '@/components/popup-page';
import { lastMeetingItem, popupSnapshotItem } from '@/lib/extension/shared/storage-items';
import { fakeService } from '../helpers/fake-service';
import {
  adminSession,
  meetingView,
  meFor,
  memberSession,
  pendingOrgZoom,
} from '../helpers/fixtures';
import { renderWithQuery, signedIn } from '../helpers/render';

/** Issue 9: the popup says what is true now, and reads like a product. */

const onOrgZoom = {
  status: 'connected' as const,
  type: 'organization' as const,
  reason: null,
  zoomEmail: 'max@acme.test',
  orgState: 'active' as const,
};

const meeting = meetingView({ via: 'organization', hostEmail: 'max@acme.test' });

describe('popup: stale snapshot', () => {
  it('marks the last known state it could not refresh', async () => {
    await signedIn(memberSession);
    const savedAt = Date.now() - 10 * 60_000;
    await popupSnapshotItem.setValue({
      accountId: memberSession.account.id,
      serviceUrl: memberSession.serviceUrl,
      me: meFor(memberSession, onOrgZoom),
      org: null,
      savedAt,
    });
    const fetchMock = fakeService({}).fetchMock;
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    renderWithQuery(<PopupPage />);
    expect(await screen.findByText('Zoom — Organization')).toBeTruthy();
    const notice = await screen.findByText(/can't reach your organization's service/);
    expect(notice.textContent).toMatch(/^As of .+, can't reach your organization's service\./);
  });

  it('says nothing of the kind once the service answers', async () => {
    await signedIn(memberSession);
    fakeService({ 'GET /api/me': { body: meFor(memberSession, onOrgZoom) } });
    renderWithQuery(<PopupPage />);
    expect(await screen.findByText('Zoom — Organization')).toBeTruthy();
    expect(screen.queryByText(/can't reach/)).toBeNull();
  });
});

/** The popup opened again after a meeting was created in it. */
async function reopenWithLastMeeting() {
  await signedIn(memberSession);
  await lastMeetingItem.setValue({
    accountId: memberSession.account.id,
    meeting,
    savedAt: Date.now(),
  });
  fakeService({ 'GET /api/me': { body: meFor(memberSession, onOrgZoom) } });
  renderWithQuery(<PopupPage />);
}

describe('popup: reads like a product', () => {
  it('has a top-level heading, one primary action and the email once', async () => {
    await signedIn(adminSession);
    fakeService({
      'GET /api/me': {
        body: meFor(adminSession, { ...onOrgZoom, zoomEmail: adminSession.account.email }),
      },
      'GET /api/org/zoom': { body: pendingOrgZoom() },
    });
    const { container } = renderWithQuery(<PopupPage />);
    expect(await screen.findByText('Zoom — Organization')).toBeTruthy();
    await screen.findByRole('button', { name: 'Open admin console' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Acme Scheduling');
    expect(container.querySelectorAll('.button-primary')).toHaveLength(1);
    expect(screen.getAllByText(adminSession.account.email)).toHaveLength(1);
  });

  it('keeps the meeting number of the join link on one line', async () => {
    await reopenWithLastMeeting();
    const link = await screen.findByRole('link', { name: 'zoom.test/j/81234567890' });
    const number = within(link).getByText('81234567890');
    expect(number.classList.contains('nowrap')).toBe(true);
    expect(link.classList.contains('meeting-link')).toBe(true);
  });

  it('does not move focus into the last meeting when reopened', async () => {
    await reopenWithLastMeeting();
    const result = await screen.findByRole('article', { name: 'Meeting created' });
    expect(result.contains(document.activeElement)).toBe(false);
  });
});
