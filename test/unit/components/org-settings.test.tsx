import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { OrgConnectionCard } from '@/components/org-connection-card';
import { apiError, fakeService } from '../helpers/fake-service';
import { activeOrgZoom, adminSession, orgZoom } from '../helpers/fixtures';
import { renderWithQuery, signedIn } from '../helpers/render';

const label = 'Allow users to remove the org-level connection';

describe('org setting: allow users to remove the org-level connection', () => {
  it('saves the switch and keeps the saved value', async () => {
    await signedIn(adminSession);
    const { calls } = fakeService({
      'GET /api/org/zoom': { body: activeOrgZoom() },
      'PATCH /api/org/zoom/settings': {
        body: {
          ...activeOrgZoom(),
          settings: { allowMemberRemoval: true, zoomDefaultLocation: false },
        },
      },
    });
    renderWithQuery(<OrgConnectionCard session={adminSession} />);
    const toggle = (await screen.findByRole('switch', { name: label })) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    await userEvent.click(toggle);
    expect(toggle.checked).toBe(true);
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ allowMemberRemoval: true });
    // The admin is told the change was saved, not left to guess.
    expect((await screen.findByText('Saved')).getAttribute('role')).toBe('status');
  });

  it('saves "Make Zoom the default location for new event types" on its own', async () => {
    await signedIn(adminSession);
    const { calls } = fakeService({
      'GET /api/org/zoom': { body: activeOrgZoom() },
      'PATCH /api/org/zoom/settings': {
        body: {
          ...activeOrgZoom(),
          settings: { allowMemberRemoval: false, zoomDefaultLocation: true },
        },
      },
    });
    renderWithQuery(<OrgConnectionCard session={adminSession} />);
    const toggle = (await screen.findByRole('switch', {
      name: 'Make Zoom the default location for new event types',
    })) as HTMLInputElement;
    await userEvent.click(toggle);
    expect(toggle.checked).toBe(true);
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ zoomDefaultLocation: true });
  });

  it('rolls back and explains when saving fails', async () => {
    await signedIn(adminSession);
    fakeService({
      'GET /api/org/zoom': { body: orgZoom() },
      'PATCH /api/org/zoom/settings': apiError(403, 'forbidden', 'Only organization admins.'),
    });
    renderWithQuery(<OrgConnectionCard session={adminSession} />);
    const toggle = (await screen.findByRole('switch', { name: label })) as HTMLInputElement;
    await userEvent.click(toggle);
    expect(await screen.findByText(/Couldn't save the setting/)).toBeTruthy();
    expect(toggle.checked).toBe(false);
  });
});
