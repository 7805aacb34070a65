/** The fixed starting state of the Zoom sandbox: identical on every start and after a reset. */

export const SANDBOX_ORG_APP = {
  clientId: 'sandbox-org-app',
  clientSecret: 'sandbox-org-secret',
  // Every Marketplace app has its own Secret Token (zoom-platform.md §9).
  webhookSecret: 'sandbox-org-webhook-secret',
  name: 'Org Zoom Connect (organization)',
  type: 'admin' as const,
};

export const SANDBOX_PERSONAL_APP = {
  clientId: 'sandbox-personal-app',
  clientSecret: 'sandbox-personal-secret',
  webhookSecret: 'sandbox-personal-webhook-secret',
  name: 'Org Zoom Connect (personal)',
  type: 'user' as const,
};

export const SANDBOX_ZOOM_PASSWORD = 'zoom-password';

export const SANDBOX_DEFAULT_REDIRECT_URI = 'http://127.0.0.1:8787/oauth/zoom/callback';
export const SANDBOX_DEFAULT_DEAUTHORIZATION_URL = 'http://127.0.0.1:8787/webhooks/zoom';

export interface SeedUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  roleName: string;
  roleId: string;
  pmi: number;
}

export interface SeedAccount {
  id: string;
  name: string;
  accountNumber: number;
  users: SeedUser[];
}

export interface SandboxRole {
  id: string;
  name: string;
  /** Holds the privileges Zoom checks at consent before it installs an admin-managed app. */
  installsAdminApps: boolean;
}

// role_id "0" = Owner is the only sourced value; "1"/"2" for Admin/Member are our convention
// (zoom-platform.md §3 "Could not confirm"). Zoom lets a custom role with the right privileges
// install an admin-managed app too (zoom-platform.md §9); custom role ids are opaque strings.
export const SANDBOX_ROLES: readonly SandboxRole[] = [
  { id: '0', name: 'Owner', installsAdminApps: true },
  { id: '1', name: 'Admin', installsAdminApps: true },
  { id: '2', name: 'Member', installsAdminApps: false },
  { id: 'rK7qSchedAdm2', name: 'Scheduling Admin', installsAdminApps: true },
];

export const SANDBOX_ACCOUNTS: readonly SeedAccount[] = [
  {
    id: 'acme-zoom-account',
    name: 'Acme Inc.',
    accountNumber: 10000001,
    users: [
      seedUser('zu_olivia', 'olivia@acme.test', 'Olivia', 'Owner', 'Owner', '0', 5550000001),
      seedUser('zu_zara', 'zara@acme.test', 'Zara', 'Zoomadmin', 'Admin', '1', 5550000002),
      seedUser('zu_adam', 'adam@acme.test', 'Adam', 'Admin', 'Member', '2', 5550000003),
      seedUser('zu_mia', 'mia@acme.test', 'Mia', 'Member', 'Member', '2', 5550000004),
      seedUser('zu_max', 'max@acme.test', 'Max', 'Member', 'Member', '2', 5550000005),
    ],
  },
  {
    id: 'mia-personal-account',
    name: 'Mia Personal',
    accountNumber: 10000002,
    users: [
      seedUser(
        'zu_mia_personal',
        'mia.personal@example.test',
        'Mia',
        'Personal',
        'Owner',
        '0',
        5550000006,
      ),
    ],
  },
];

function seedUser(
  id: string,
  email: string,
  firstName: string,
  lastName: string,
  roleName: string,
  roleId: string,
  pmi: number,
): SeedUser {
  return { id, email, firstName, lastName, roleName, roleId, pmi };
}
