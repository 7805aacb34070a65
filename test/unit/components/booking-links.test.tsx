import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { BookingLinks } from '@/components/booking-links';
import { fakeService } from '../helpers/fake-service';
import { memberSession } from '../helpers/fixtures';
import { renderWithQuery } from '../helpers/render';

const intro = {
  id: '5c8e8f7e-2b1a-4c52-9a55-0c7f3e1f0a11',
  name: 'Intro call',
  bookingUrl: 'http://svc/book/mia-member/intro-call',
};

describe('popup: booking links', () => {
  it('copies the booking link of an event type', async () => {
    fakeService({ 'GET /api/me/event-types': { body: { eventTypes: [intro] } } });
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    renderWithQuery(<BookingLinks session={memberSession} />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Copy the booking link for Intro call' }),
    );
    expect(writeText).toHaveBeenCalledWith(intro.bookingUrl);
    expect(await screen.findByText('Copied the booking link for Intro call')).toBeTruthy();
  });

  it('shows nothing while the member has no event types', async () => {
    const { calls } = fakeService({ 'GET /api/me/event-types': { body: { eventTypes: [] } } });
    const { container } = renderWithQuery(<BookingLinks session={memberSession} />);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(container.textContent).toBe('');
  });
});
