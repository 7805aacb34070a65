import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RepairProgressNotice } from '@/components/repair-progress-notice';
import { fakeService } from '../helpers/fake-service';
import { adminSession } from '../helpers/fixtures';
import { renderWithQuery } from '../helpers/render';

const progress = (pending: number, extra = {}) => ({
  pending,
  deferred: 0,
  resumesAt: null,
  waitingForZoom: 0,
  ...extra,
});

describe('repair progress in the console', () => {
  it('says how many upcoming bookings are still getting a new meeting, and asks again until none are left', async () => {
    const answers = [progress(40), progress(12), progress(0)];
    const { calls } = fakeService({
      'GET /api/org/bookings/repair-progress': () => ({ body: answers.shift() ?? progress(0) }),
    });
    const { container } = renderWithQuery(<RepairProgressNotice session={adminSession} />);
    expect(
      await screen.findByText(/40 upcoming bookings still to get a new Zoom meeting/),
    ).toBeTruthy();
    expect(
      await screen.findByText(/12 upcoming bookings still to get a new Zoom meeting/, undefined, {
        timeout: 5000,
      }),
    ).toBeTruthy();
    await waitFor(() => expect(container.textContent).toBe(''), { timeout: 5000 });
    const asked = calls.filter((c) => c.url.pathname === '/api/org/bookings/repair-progress');
    expect(asked).toHaveLength(3);
  }, 15_000);

  it('names what Zoom’s daily limit put off, and bookings whose host has no working Zoom', async () => {
    fakeService({
      'GET /api/org/bookings/repair-progress': {
        body: progress(3, {
          deferred: 2,
          resumesAt: '2030-05-02T00:00:00.000Z',
          waitingForZoom: 1,
        }),
      },
    });
    renderWithQuery(<RepairProgressNotice session={adminSession} />);
    const status = await screen.findByRole('status');
    expect(status.textContent).toMatch(/Zoom's daily limit paused 2 of them until/);
    expect(status.textContent).toMatch(
      /1 upcoming booking has no Zoom meeting: its host has no working Zoom/,
    );
  });

  it('shows nothing when no booking waits', async () => {
    fakeService({ 'GET /api/org/bookings/repair-progress': { body: progress(0) } });
    const { container, client } = renderWithQuery(<RepairProgressNotice session={adminSession} />);
    await waitFor(() => expect(client.isFetching()).toBe(0));
    expect(container.textContent).toBe('');
  });
});
