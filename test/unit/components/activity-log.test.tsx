import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ActivityLog } from '@/components/activity-log';
import { describeAuditEntry } from '@/components/audit-wording';
import type { AuditEntry } from '@/lib/contracts/api';
import { apiError, fakeService } from '../helpers/fake-service';
import { adminSession } from '../helpers/fixtures';
import { renderWithQuery } from '../helpers/render';

let nextId = 100;
function entry(action: string, actor: string, detail: AuditEntry['detail'] = null): AuditEntry {
  nextId -= 1;
  return { id: nextId, action, actor, detail, at: new Date(Date.now() - 3_600_000).toISOString() };
}

describe('activity wording', () => {
  it.each([
    [
      entry('approval_link.requested', 'olivia@acme.test'),
      'olivia@acme.test requested an approval link',
    ],
    [entry('approval_link.revoked', 'adam@acme.test'), 'adam@acme.test revoked the approval link'],
    [
      entry('org_connection.approved', 'Zoom Admin zara@acme.test', {
        zoomEmail: 'zara@acme.test',
        zoomRole: 'Admin',
      }),
      'zara@acme.test (Zoom Admin) approved the connection',
    ],
    [
      entry('org_connection.reconnected', 'Zoom Owner olivia@acme.test', {
        zoomEmail: 'olivia@acme.test',
        zoomRole: 'Owner',
        previousZoomEmail: 'zara@acme.test',
      }),
      'olivia@acme.test (Zoom Owner) reconnected the connection',
    ],
    [
      entry('org_connection.approval_refused', 'Zoom user mia@acme.test', {
        zoomEmail: 'mia@acme.test',
        zoomRole: 'Member',
        reason: 'not_zoom_admin',
      }),
      "mia@acme.test (Zoom Member) tried to approve, but isn't a Zoom admin",
    ],
    [
      entry('org_connection.needs_reconnect', 'Health check', { reason: 'zara is now a Member' }),
      'Zoom connection needs reconnecting: zara is now a Member',
    ],
    [entry('org_connection.disconnected', 'olivia@acme.test'), 'Disconnected by olivia@acme.test'],
    [
      entry('org_connection.disconnected', 'Zoom', { by: 'zoom', reason: 'Removed in Zoom' }),
      'Disconnected in Zoom: the app was removed from the Zoom account',
    ],
    [
      entry('member.role_changed', 'olivia@acme.test', {
        member: 'max@acme.test',
        from: 'user',
        to: 'admin',
      }),
      "olivia@acme.test changed max@acme.test's role from Member to Admin",
    ],
    [
      entry('invitation.created', 'adam@acme.test', { email: 'new@acme.test', role: 'user' }),
      'adam@acme.test invited new@acme.test as Member',
    ],
    [entry('something.new', 'olivia@acme.test'), 'olivia@acme.test: something.new'],
  ])('describes %#', (audit, sentence) => {
    expect(describeAuditEntry(audit)).toBe(sentence);
  });
});

describe('Activity', () => {
  it('lists entries newest first with actor and time, and pages to older ones', async () => {
    const needsReconnect = entry('org_connection.needs_reconnect', 'Health check', {
      reason: 'zara is now a Member',
    });
    const approved = entry('org_connection.approved', 'Zoom Admin zara@acme.test', {
      zoomEmail: 'zara@acme.test',
      zoomRole: 'Admin',
    });
    const newer = [needsReconnect, approved];
    const older = [entry('approval_link.requested', 'olivia@acme.test')];
    const { calls } = fakeService({
      'GET /api/org/audit?limit=25': { body: { entries: newer, nextBefore: approved.id } },
      [`GET /api/org/audit?limit=25&before=${approved.id}`]: {
        body: { entries: older, nextBefore: null },
      },
    });
    renderWithQuery(<ActivityLog session={adminSession} />);
    const list = await screen.findByRole('list', { name: 'Activity entries' });
    const [first, second] = within(list).getAllByRole('listitem');
    expect([first?.firstChild?.textContent, second?.firstChild?.textContent]).toEqual([
      'Zoom connection needs reconnecting: zara is now a Member',
      'zara@acme.test (Zoom Admin) approved the connection',
    ]);
    const newest = within(first as HTMLElement);
    expect(newest.getByText(/Health check/)).toBeTruthy();
    expect(newest.getByText('1 hour ago')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Show older' }));
    expect(await screen.findByText('olivia@acme.test requested an approval link')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Show older' })).toBeNull();
    expect(calls.at(-1)?.url.searchParams.get('before')).toBe(String(approved.id));
  });

  it('says when there is no activity yet', async () => {
    fakeService({ 'GET /api/org/audit': { body: { entries: [], nextBefore: null } } });
    renderWithQuery(<ActivityLog session={adminSession} />);
    expect(await screen.findByText(/No activity yet/)).toBeTruthy();
  });

  it('shows an error with a retry when the log cannot load', async () => {
    fakeService({ 'GET /api/org/audit': apiError(500, 'internal', 'Database down') });
    renderWithQuery(<ActivityLog session={adminSession} />);
    expect(await screen.findByText("Couldn't load the activity.")).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
