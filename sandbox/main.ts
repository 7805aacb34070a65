import { z } from 'zod';
import {
  SANDBOX_ACCOUNTS,
  SANDBOX_ORG_APP,
  SANDBOX_PERSONAL_APP,
  SANDBOX_ZOOM_PASSWORD,
} from './seed.ts';
import { startZoomSandbox } from './server.ts';

const env = z
  .object({ SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(8788) })
  .safeParse(process.env);
if (!env.success) {
  console.error(`Invalid SANDBOX_PORT: ${z.prettifyError(env.error)}`);
  process.exit(1);
}

const sandbox = await startZoomSandbox({ port: env.data.SANDBOX_PORT });
const lines = [
  `Zoom sandbox listening on ${sandbox.url}`,
  `  ZOOM_OAUTH_URL=${sandbox.url}   ZOOM_API_URL=${sandbox.url}/v2`,
  `  Org app:      ${SANDBOX_ORG_APP.clientId} / ${SANDBOX_ORG_APP.clientSecret}`,
  `  Personal app: ${SANDBOX_PERSONAL_APP.clientId} / ${SANDBOX_PERSONAL_APP.clientSecret}`,
  `Zoom sign-ins (password "${SANDBOX_ZOOM_PASSWORD}"):`,
  ...SANDBOX_ACCOUNTS.flatMap((account) =>
    account.users.map(
      (user) => `  ${user.email.padEnd(28)} ${user.roleName.padEnd(7)} ${account.name}`,
    ),
  ),
];
console.log(lines.join('\n'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
