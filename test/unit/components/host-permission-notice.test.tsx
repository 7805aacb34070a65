import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { HostPermissionNotice } from '@/components/host-permission-notice';

// WXT's fake browser has no permissions API.
function stubPermissions(granted: boolean) {
  const permissions = {
    contains: vi.fn(async () => granted),
    request: vi.fn(async () => true),
  };
  Object.assign(fakeBrowser, { permissions });
  return permissions;
}

const policy = { url: 'https://zoom.acme.test', source: 'policy' as const, policyRejected: false };

describe('host permission notice', () => {
  it('asks for access to a policy service origin the extension cannot reach yet', async () => {
    const permissions = stubPermissions(false);
    render(<HostPermissionNotice resolved={policy} />);
    const button = await screen.findByRole('button', {
      name: 'Allow access to https://zoom.acme.test',
    });
    await userEvent.click(button);
    expect(permissions.request).toHaveBeenCalledWith({ origins: ['https://zoom.acme.test/*'] });
    expect(screen.queryByRole('button', { name: /Allow access/ })).toBeNull();
  });

  it('stays hidden when access is already granted', async () => {
    const permissions = stubPermissions(true);
    render(<HostPermissionNotice resolved={policy} />);
    await vi.waitFor(() => expect(permissions.contains).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: /Allow access/ })).toBeNull();
  });

  it('explains a policy URL that was refused for not being https', () => {
    stubPermissions(true);
    render(
      <HostPermissionNotice
        resolved={{ url: 'http://127.0.0.1:8787', source: 'build', policyRejected: true }}
      />,
    );
    expect(screen.getByText(/not an https address/)).toBeTruthy();
  });
});
