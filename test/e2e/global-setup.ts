import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMailCatcher } from '../../sandbox/mail-catcher';
import { defaultSandboxApps, startZoomSandbox } from '../../sandbox/server';
import { parseEnv } from '../../server/env';
import { startService } from '../../server/service';
import { E2E_SANDBOX_PORT, E2E_SERVICE_PORT, E2E_SERVICE_URL } from './stack';

/**
 * A fresh org service (embedded database in a temp folder, demo org seeded), Zoom sandbox and
 * mail catcher (on free ports; its inbox URL is E2E_MAIL_URL for the specs).
 */
export default async function globalSetup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ozc-e2e-'));
  const sandbox = await startZoomSandbox({
    port: E2E_SANDBOX_PORT,
    apps: defaultSandboxApps().map((app) => ({
      ...app,
      redirectUris: [`${E2E_SERVICE_URL}/oauth/zoom/callback`],
      deauthorizationUrl: `${E2E_SERVICE_URL}/webhooks/zoom`,
    })),
  });
  const catcher = await startMailCatcher();
  const service = await startService(
    parseEnv(
      {
        PORT: String(E2E_SERVICE_PORT),
        DATA_DIR: dataDir,
        SEED_DEMO: 'true',
        ZOOM_OAUTH_URL: sandbox.url,
        ZOOM_API_URL: `${sandbox.url}/v2`,
        SMTP_URL: catcher.smtpUrl,
      },
      'development',
    ),
  );
  process.env.E2E_SANDBOX_URL = sandbox.url;
  process.env.E2E_MAIL_URL = catcher.webUrl;
  return async () => {
    await service.close();
    await sandbox.close();
    await catcher.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
