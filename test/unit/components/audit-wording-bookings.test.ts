import { describe, expect, it } from 'vitest';
import { describeAuditEntry } from '@/components/audit-wording';

const entry = (action: string, detail: Record<string, unknown>) => ({
  id: 1,
  action,
  actor: 'olivia@acme.test',
  detail,
  at: '2026-11-29T10:00:00Z',
});

describe('audit wording for event types and bookings', () => {
  it('says which org setting changed, not the other one', () => {
    expect(describeAuditEntry(entry('org_settings.updated', { zoomDefaultLocation: true }))).toBe(
      'olivia@acme.test made Zoom the default location for new event types',
    );
    expect(describeAuditEntry(entry('org_settings.updated', { allowMemberRemoval: false }))).toBe(
      'olivia@acme.test stopped members from removing the organization connection',
    );
  });

  it('reads repair as "N upcoming meetings moved"', () => {
    expect(
      describeAuditEntry(
        entry('bookings.meetings_moved', { count: 3, message: '3 upcoming meetings moved' }),
      ),
    ).toBe('3 upcoming meetings moved');
  });

  it('says what a removal did to the member’s upcoming bookings', () => {
    expect(
      describeAuditEntry(
        entry('member.removed', {
          member: 'mia@acme.test',
          role: 'user',
          upcomingBookings: '2 upcoming bookings cancelled with notice',
        }),
      ),
    ).toBe(
      'olivia@acme.test removed mia@acme.test from the organization; 2 upcoming bookings cancelled with notice',
    );
    expect(describeAuditEntry(entry('member.removed', { member: 'max@acme.test' }))).toBe(
      'olivia@acme.test removed max@acme.test from the organization',
    );
  });
});
