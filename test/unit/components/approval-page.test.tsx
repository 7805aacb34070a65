import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ApprovalPage } from '@/components/approval-page';
import type { AuthFlowStatus } from '@/lib/contracts/messages';
import { authFlowItem } from '@/lib/extension/shared/storage-items';
import { approvalWords, formatLocalTime } from '@/lib/words/approval';
import { apiError, fakeService } from '../helpers/fake-service';
import { approvalInfo, flowResult, LINK_TOKEN } from '../helpers/fixtures';
import { renderWithQuery } from '../helpers/render';

function flow(overrides: Partial<AuthFlowStatus>): AuthFlowStatus {
  return {
    linkToken: LINK_TOKEN,
    phase: 'finished',
    startedAt: Date.now(),
    state: 's1',
    result: null,
    error: null,
    ...overrides,
  };
}

const withInfo = () =>
  fakeService({ [`GET /api/approvals/${LINK_TOKEN}`]: { body: approvalInfo } });

describe('approval page', () => {
  it('names the organization that asks, who asked, and offers Sign in with Zoom', async () => {
    withInfo();
    renderWithQuery(<ApprovalPage linkToken={LINK_TOKEN} />);
    expect(
      await screen.findByRole('heading', { name: 'Acme Scheduling wants to connect Zoom' }),
    ).toBeTruthy();
    expect(
      screen.getByText(/Ada Admin \(ada@acme.test\) asks a Zoom account Owner or Admin/),
    ).toBeTruthy();
    expect(screen.getByText(/Only a Zoom account Owner or Admin can/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in with Zoom' })).toBeTruthy();
  });

  it('reads like the service page: what Zoom will allow, what happens next, expiry with its zone', async () => {
    withInfo();
    renderWithQuery(<ApprovalPage linkToken={LINK_TOKEN} />);
    expect(await screen.findByText(approvalWords.asks(approvalInfo))).toBeTruthy();
    expect(screen.getByRole('heading', { name: approvalWords.accessHeading })).toBeTruthy();
    for (const line of approvalWords.access) expect(screen.getByText(line)).toBeTruthy();
    expect(screen.getByRole('heading', { name: approvalWords.nextHeading })).toBeTruthy();
    const expiry = screen.getByText(formatLocalTime(approvalInfo.expiresAt));
    expect(expiry.tagName).toBe('TIME');
    expect(expiry.textContent).toMatch(/(UTC|GMT|[A-Z]{2,5})([+-]\d+)?$/);
  });

  it('after a connection drops the request and expiry lines and offers a way back', async () => {
    withInfo();
    await authFlowItem.setValue(flow({ result: flowResult() }));
    renderWithQuery(<ApprovalPage linkToken={LINK_TOKEN} />);
    expect(await screen.findByRole('heading', { name: 'Zoom is connected' })).toBeTruthy();
    expect(screen.queryByText(/wants to connect/)).toBeNull();
    expect(screen.queryByText(/expires/)).toBeNull();
    expect(screen.getByRole('button', { name: approvalWords.close })).toBeTruthy();
    expect(screen.getByRole('button', { name: approvalWords.backToConsole })).toBeTruthy();
  });

  it('asks the background to start and shows Waiting for Zoom…', async () => {
    withInfo();
    const received = vi.fn();
    fakeBrowser.runtime.onMessage.addListener((message, _sender, sendResponse) => {
      received(message);
      sendResponse({ ok: true });
      return true;
    });
    renderWithQuery(<ApprovalPage linkToken={LINK_TOKEN} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with Zoom' }));
    expect(received).toHaveBeenCalledWith({ type: 'approval/start', linkToken: LINK_TOKEN });
    expect(await screen.findByText('Waiting for Zoom…')).toBeTruthy();

    await act(() => authFlowItem.setValue(flow({ phase: 'finished', result: flowResult() })));
    expect(await screen.findByRole('heading', { name: 'Zoom is connected' })).toBeTruthy();
    expect(screen.getByText('Every member of Acme Scheduling can now use Zoom.')).toBeTruthy();
  });

  it('wakes a stopped worker when it finds its flow still running, and waits instead of blaming the link', async () => {
    fakeService({
      [`GET /api/approvals/${LINK_TOKEN}`]: apiError(
        410,
        'link_used',
        'This approval link was already used.',
      ),
    });
    const received = vi.fn();
    fakeBrowser.runtime.onMessage.addListener((message, _sender, sendResponse) => {
      received(message);
      sendResponse({ ok: true });
      return true;
    });
    await authFlowItem.setValue(flow({ phase: 'waiting_for_zoom', result: null }));
    renderWithQuery(<ApprovalPage linkToken={LINK_TOKEN} />);
    await waitFor(() => expect(received).toHaveBeenCalledWith({ type: 'flow/resume' }));
    expect(await screen.findByText('Waiting for Zoom…')).toBeTruthy();
    expect(screen.queryByText(/already been used/)).toBeNull();

    await act(() => authFlowItem.setValue(flow({ phase: 'finished', result: flowResult() })));
    expect(await screen.findByRole('heading', { name: 'Zoom is connected' })).toBeTruthy();
  });

  it('explains that a non-admin Zoom account cannot approve and the link still works', async () => {
    withInfo();
    await authFlowItem.setValue(
      flow({
        result: flowResult({
          outcome: 'not_admin',
          zoomEmail: 'max@acme.test',
          zoomRole: 'Member',
        }),
      }),
    );
    renderWithQuery(<ApprovalPage linkToken={LINK_TOKEN} />);
    expect(
      await screen.findByText('This Zoom account (max@acme.test, Member) is not an account admin'),
    ).toBeTruthy();
    expect(
      screen.getByText(/Ask your Zoom account owner or an admin to open this link/),
    ).toBeTruthy();
    expect(screen.getByText(/The link is still valid/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it.each<[string, Partial<AuthFlowStatus>, string]>([
    [
      'a denial',
      { result: flowResult({ outcome: 'denied' }) },
      'You declined the request in Zoom.',
    ],
    [
      'a closed window',
      {
        phase: 'failed',
        error: { code: 'cancelled', message: 'closed', serviceCode: null },
      },
      'The Zoom window was closed before approving.',
    ],
    [
      'a second window',
      { phase: 'failed', error: { code: 'busy', message: 'busy', serviceCode: null } },
      'A Zoom sign-in window is already open',
    ],
  ])('shows its own message for %s', async (_, status, text) => {
    withInfo();
    await authFlowItem.setValue(flow(status));
    renderWithQuery(<ApprovalPage linkToken={LINK_TOKEN} />);
    expect(await screen.findByRole('heading', { name: text })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it("shows the service's own words when it could not finish the connection", async () => {
    withInfo();
    await authFlowItem.setValue(
      flow({
        result: flowResult({
          outcome: 'error',
          zoomEmail: null,
          zoomRole: null,
          message:
            'Something went wrong on our side while finishing the Zoom sign-in. Try again in a moment.',
        }),
      }),
    );
    renderWithQuery(<ApprovalPage linkToken={LINK_TOKEN} />);
    expect(await screen.findByRole('heading', { name: "Zoom couldn't be connected" })).toBeTruthy();
    expect(
      screen.getByText(/went wrong on our side while finishing the Zoom sign-in/),
    ).toBeTruthy();
    expect(screen.queryByText('Waiting for Zoom…')).toBeNull();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('explains an expired sign-in', async () => {
    withInfo();
    await authFlowItem.setValue(flow({ result: flowResult({ outcome: 'expired' }) }));
    renderWithQuery(<ApprovalPage linkToken={LINK_TOKEN} />);
    expect(
      await screen.findByRole('heading', { name: 'The Zoom sign-in took too long' }),
    ).toBeTruthy();
  });

  it('ignores a flow that belongs to another link', async () => {
    withInfo();
    await authFlowItem.setValue(
      flow({ linkToken: 'zzzzzzzzzzzzzzzzzzzzzz', result: flowResult() }),
    );
    renderWithQuery(<ApprovalPage linkToken={LINK_TOKEN} />);
    expect(await screen.findByRole('button', { name: 'Sign in with Zoom' })).toBeTruthy();
    expect(screen.queryByText('Zoom is connected')).toBeNull();
  });

  it.each([
    [404, 'link_not_found', "This approval link doesn't exist"],
    [410, 'link_expired', 'This approval link has expired'],
    [410, 'link_revoked', 'This approval link was replaced by a newer one'],
    [410, 'link_used', 'This approval link has already been used'],
  ])('explains a %i %s link', async (status, code, heading) => {
    fakeService({ [`GET /api/approvals/${LINK_TOKEN}`]: apiError(status, code) });
    renderWithQuery(<ApprovalPage linkToken={LINK_TOKEN} />);
    expect(await screen.findByRole('heading', { name: heading })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign in with Zoom' })).toBeNull();
  });

  it('explains a link that was used up while the Zoom admin signed in', async () => {
    withInfo();
    await authFlowItem.setValue(
      flow({ phase: 'failed', error: { code: 'service', message: 'x', serviceCode: 'link_used' } }),
    );
    renderWithQuery(<ApprovalPage linkToken={LINK_TOKEN} />);
    expect(
      await screen.findByRole('heading', { name: 'This approval link has already been used' }),
    ).toBeTruthy();
  });

  it('refuses a malformed link token without calling the service', async () => {
    const { fetchMock } = fakeService({});
    renderWithQuery(<ApprovalPage linkToken="<script>" />);
    expect(
      await screen.findByRole('heading', { name: "This approval link doesn't exist" }),
    ).toBeTruthy();
    await waitFor(() => expect(fetchMock).not.toHaveBeenCalled());
  });
});
