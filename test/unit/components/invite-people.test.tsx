import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { InvitePeople } from '@/components/invite-people';
import { apiError, fakeService } from '../helpers/fake-service';
import { adminSession } from '../helpers/fixtures';
import { renderWithQuery } from '../helpers/render';

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
const pending = {
  id: '7b0f3f36-51f3-4a45-9f7e-1f1d3c2b9a10',
  email: 'pat@example.test',
  role: 'user' as const,
  url: null,
  createdAt: inDays(0),
  expiresAt: inDays(7),
  invitedBy: { name: 'Ada Admin', email: 'ada@acme.test' },
};

describe('invite people', () => {
  it('sends an invitation and shows the link to copy', async () => {
    const { calls } = fakeService({
      'GET /api/org/invitations': { body: { invitations: [] } },
      'POST /api/org/invitations': {
        status: 201,
        body: {
          ...pending,
          email: 'new@example.test',
          role: 'admin',
          url: 'http://svc/invite/tok',
        },
      },
    });
    renderWithQuery(<InvitePeople session={adminSession} />);
    await userEvent.click(screen.getByRole('button', { name: 'Invite someone' }));
    await userEvent.type(screen.getByLabelText('Email'), 'new@example.test');
    await userEvent.selectOptions(screen.getByLabelText('Role'), 'admin');
    await userEvent.click(screen.getByRole('button', { name: 'Create invitation link' }));
    const link = await screen.findByDisplayValue('http://svc/invite/tok');
    expect(screen.getByRole('button', { name: 'Copy' })).toBeTruthy();
    // The service emails the invitation (server/mail/outbox.ts); the admin is not told to send it.
    expect(
      screen.getByText(/We emailed this link to new@example\.test; you can also copy it\./),
    ).toBeTruthy();
    // Focus lands on the result: the link to send.
    await waitFor(() => expect(document.activeElement).toBe(link));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      email: 'new@example.test',
      role: 'admin',
    });
  });

  it('puts focus into the form when it opens', async () => {
    fakeService({ 'GET /api/org/invitations': { body: { invitations: [] } } });
    renderWithQuery(<InvitePeople session={adminSession} />);
    await userEvent.click(screen.getByRole('button', { name: 'Invite someone' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Email'));
  });

  it("offers a pending invitation's link to copy again, as after a reload", async () => {
    const url = 'http://svc/invite/pending-token';
    fakeService({
      'GET /api/org/invitations': { body: { invitations: [{ ...pending, url }] } },
    });
    renderWithQuery(<InvitePeople session={adminSession} />);
    const copy = await screen.findByRole('button', {
      name: 'Copy link for pat@example.test',
    });
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    await userEvent.click(copy);
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(url));
  });

  it('does not offer admins the Owner role', async () => {
    fakeService({ 'GET /api/org/invitations': { body: { invitations: [] } } });
    renderWithQuery(<InvitePeople session={adminSession} />);
    await userEvent.click(screen.getByRole('button', { name: 'Invite someone' }));
    const options = Array.from(
      (screen.getByLabelText('Role') as HTMLSelectElement).options,
      (o) => o.textContent,
    );
    expect(options).toEqual(['Member', 'Admin']);
  });

  it('says why an invitation was refused', async () => {
    fakeService({
      'GET /api/org/invitations': { body: { invitations: [] } },
      'POST /api/org/invitations': apiError(
        409,
        'email_taken',
        'Someone with this email already has an account.',
      ),
    });
    renderWithQuery(<InvitePeople session={adminSession} />);
    await userEvent.click(screen.getByRole('button', { name: 'Invite someone' }));
    await userEvent.type(screen.getByLabelText('Email'), 'mia@acme.test');
    await userEvent.click(screen.getByRole('button', { name: 'Create invitation link' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('already has an account');
    await waitFor(() => expect(document.activeElement).toBe(alert));
  });

  it('lists pending invitations and revokes one', async () => {
    const { calls } = fakeService({
      'GET /api/org/invitations': { body: { invitations: [pending] } },
      [`DELETE /api/org/invitations/${pending.id}`]: { status: 204 },
    });
    renderWithQuery(<InvitePeople session={adminSession} />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Revoke the invitation for pat@example.test' }),
    );
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
  });
});
