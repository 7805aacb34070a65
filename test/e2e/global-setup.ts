import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSandboxApps, startZoomSandbox } from '../../sandbox/server';
import { parseEnv } from '../../server/env';
import { startService } from '../../server/service';
import { E2E_SANDBOX_PORT, E2E_SERVICE_PORT, E2E_SERVICE_URL } from './stack';

/** A fresh org service (embedded database in a temp folder, demo org seeded) and Zoom sandbox. */
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
  const service = await startService(
    parseEnv(
      {
        PORT: String(E2E_SERVICE_PORT),
        DATA_DIR: dataDir,
        SEED_DEMO: 'true',
        ZOOM_OAUTH_URL: sandbox.url,
        ZOOM_API_URL: `${sandbox.url}/v2`,
      },
      'development',
    ),
  );
  process.env.E2E_SANDBOX_URL = sandbox.url;
  return async () => {
    await service.close();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
