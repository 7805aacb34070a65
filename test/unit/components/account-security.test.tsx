import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { AccountSecurity } from '@/components/account-security';
import { SignInForm } from '@/components/sign-in-form';
import { sessionItem } from '@/lib/extension/shared/storage-items';
import { apiError, fakeService } from '../helpers/fake-service';
import { memberSession, SERVICE_URL } from '../helpers/fixtures';
import { renderWithQuery, signedIn } from '../helpers/render';

/**
 * The options page's Account section (change password, sign out everywhere) and "Forgot
 * password?" on the sign-in form: what each says, and one request per click.
 */

/** Holds every request sent to `path` until `release()`. */
function holdRequests(path: string) {
  const fetchMock = vi.mocked(fetch);
  const original = fetchMock.getMockImplementation();
  const waiting: (() => void)[] = [];
  let count = 0;
  fetchMock.mockImplementation(async (input, init) => {
    if (new URL(String(input)).pathname === path) {
      count += 1;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    return original?.(input, init) as Promise<Response>;
  });
  return {
    sent: () => count,
    release: () => {
      for (const go of waiting.splice(0)) go();
    },
  };
}

async function fillPasswords(current: string, next: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Current password'), current);
  await user.type(screen.getByLabelText('New password'), next);
}

describe('change password', () => {
  it('sends the current and new password once, and says how many devices were signed out', async () => {
    const { calls } = fakeService({ 'PUT /api/me/password': { body: { signedOut: 2 } } });
    const held = holdRequests('/api/me/password');
    renderWithQuery(<AccountSecurity session={memberSession} />);
    await fillPasswords('old-password', 'a-new-password');
    const button = screen.getByRole('button', { name: 'Change password' });
    fireEvent.click(button);
    fireEvent.click(button);
    await waitFor(() => expect(held.sent()).toBe(1));
    expect(screen.getByRole('button', { name: 'Changing…' })).toHaveProperty('disabled', true);
    held.release();
    expect((await screen.findByRole('status')).textContent).toContain(
      'Password changed. 2 other devices were signed out.',
    );
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
    expect(calls[0]?.body).toEqual({
      currentPassword: 'old-password',
      newPassword: 'a-new-password',
    });
  });

  it('says the current password is wrong, and stays signed in', async () => {
    await signedIn(memberSession);
    fakeService({ 'PUT /api/me/password': apiError(403, 'wrong_password') });
    renderWithQuery(<AccountSecurity session={memberSession} />);
    await fillPasswords('not-it', 'a-new-password');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Your current password is not right.',
    );
    expect((await sessionItem.getValue())?.token).toBe(memberSession.token);
  });
});

describe('sign out everywhere', () => {
  it('asks first, then ends every session and signs this page out', async () => {
    await signedIn(memberSession);
    const { calls } = fakeService({ 'DELETE /api/me/sessions': { status: 204 } });
    renderWithQuery(<AccountSecurity session={memberSession} />);
    await userEvent.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    const dialog = screen.getByRole('dialog', { name: 'Sign out everywhere?' });
    expect(calls).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign out everywhere' }));
    await waitFor(async () => expect(await sessionItem.getValue()).toBeNull());
    expect(calls.filter((c) => c.url.pathname === '/api/me/sessions')).toHaveLength(1);
  });

  it('shows why it failed and keeps the session when the service refuses', async () => {
    await signedIn(memberSession);
    fakeService({ 'DELETE /api/me/sessions': apiError(503, 'internal', 'Service unavailable') });
    renderWithQuery(<AccountSecurity session={memberSession} />);
    await userEvent.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    const dialog = screen.getByRole('dialog', { name: 'Sign out everywhere?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign out everywhere' }));
    expect(await within(dialog).findByText(/Service unavailable/)).toBeTruthy();
    expect((await sessionItem.getValue())?.token).toBe(memberSession.token);
  });
});

describe('forgot password', () => {
  it('mails a link for the typed email once, and never says whether the account exists', async () => {
    const { calls } = fakeService({ 'POST /api/auth/password-reset': { status: 202 } });
    const held = holdRequests('/api/auth/password-reset');
    renderWithQuery(<SignInForm serviceUrl={SERVICE_URL} />);
    await userEvent.type(screen.getByLabelText('Email'), 'mia@acme.test');
    await userEvent.click(screen.getByRole('button', { name: 'Forgot password?' }));
    expect(screen.getByLabelText('Email')).toHaveProperty('value', 'mia@acme.test');
    const send = screen.getByRole('button', { name: 'Email me a link' });
    fireEvent.click(send);
    fireEvent.click(send);
    await waitFor(() => expect(held.sent()).toBe(1));
    expect(screen.getByRole('button', { name: 'Sending…' })).toHaveProperty('disabled', true);
    held.release();
    expect((await screen.findByRole('status')).textContent).toContain(
      'If an account uses mia@acme.test, we sent it a link',
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body).toEqual({ email: 'mia@acme.test' });
    expect(calls[0]?.headers.get('authorization')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Back to sign in' }));
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('says so when the service cannot be reached', async () => {
    fakeService({ 'POST /api/auth/password-reset': apiError(503, 'internal', 'Try later') });
    renderWithQuery(<SignInForm serviceUrl={SERVICE_URL} />);
    await userEvent.click(screen.getByRole('button', { name: 'Forgot password?' }));
    await userEvent.type(screen.getByLabelText('Email'), 'mia@acme.test');
    await userEvent.click(screen.getByRole('button', { name: 'Email me a link' }));
    expect((await screen.findByRole('alert')).textContent).toContain("Couldn't send the link");
  });
});
