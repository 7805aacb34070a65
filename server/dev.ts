import { startMailCatcher } from '../sandbox/mail-catcher';
import { SANDBOX_ACCOUNTS, SANDBOX_ZOOM_PASSWORD } from '../sandbox/seed';
import { defaultSandboxApps, startZoomSandbox } from '../sandbox/server';
import { parseEnv } from './env';
import { log } from './log';
import { DEMO_ACCOUNTS, DEMO_ORG, DEMO_PASSWORD } from './seed/demo';
import { startService } from './service';

/**
 * `npm run service` (and the service half of `npm run dev`): the org service in development mode
 * on the embedded database, with the demo org and the Zoom sandbox, wired to each other. With
 * ZOOM_OAUTH_URL set, no sandbox starts and the service talks to that Zoom instead. A local mail
 * catcher receives every mail (its inbox URL is printed), unless SMTP_URL points elsewhere.
 */
async function main() {
  const source = {
    ...process.env,
    // The demo org on the embedded database unless told otherwise; a shared PostgreSQL only
    // gets it when SEED_DEMO asks (production never does: server/env.ts).
    SEED_DEMO: process.env.SEED_DEMO || (process.env.DATABASE_URL ? 'false' : 'true'),
  };
  const base = parseEnv(source, 'development');
  const useSandbox = !process.env.ZOOM_OAUTH_URL;
  const sandboxPort = Number(process.env.SANDBOX_PORT ?? 8788);
  const sandbox = useSandbox
    ? await startZoomSandbox({
        port: sandboxPort,
        apps: defaultSandboxApps().map((app) => ({
          ...app,
          redirectUris: [`${base.PUBLIC_URL}/oauth/zoom/callback`],
          deauthorizationUrl: `${base.PUBLIC_URL}/webhooks/zoom`,
        })),
      })
    : null;
  const catcher = process.env.SMTP_URL
    ? null
    : await startMailCatcher({
        smtpPort: Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 1025),
        webPort: Number(process.env.MAIL_CATCHER_PORT ?? 1080),
      });
  const env = parseEnv(
    {
      ...source,
      ...(sandbox ? { ZOOM_OAUTH_URL: sandbox.url, ZOOM_API_URL: `${sandbox.url}/v2` } : {}),
      ...(catcher ? { SMTP_URL: catcher.smtpUrl } : {}),
    },
    'development',
  );
  const service = await startService(env);

  const zoomUsers = SANDBOX_ACCOUNTS.flatMap((a) =>
    a.users.map((u) => `  ${u.email.padEnd(28)} ${u.roleName.padEnd(7)} ${a.name}`),
  );
  console.log(
    [
      `Org service   ${service.url}  (public URL ${env.PUBLIC_URL}, ${env.DATABASE_URL ? 'PostgreSQL' : `embedded database in ${env.DATA_DIR}/`})`,
      sandbox ? `Zoom sandbox  ${sandbox.url}` : `Zoom          ${env.ZOOM_OAUTH_URL}`,
      catcher
        ? `Mail catcher  ${catcher.webUrl}  (every mail the service sends lands here; SMTP ${catcher.smtpUrl})`
        : `Mail          ${env.SMTP_URL?.replace(/\/\/[^@/]*@/, '//…@')}`,
      `Mode          development (${sandbox ? 'Zoom sandbox' : `Zoom at ${env.ZOOM_OAUTH_URL}`}, ${env.SEED_DEMO ? 'demo data' : 'no demo data'})`,
      ...(env.SEED_DEMO
        ? [
            '',
            `Demo organization "${DEMO_ORG.name}" — sign in on the extension's options page (password "${DEMO_PASSWORD}"):`,
            ...DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(28)} ${a.role}`),
          ]
        : []),
      ...(sandbox
        ? ['', `Zoom sandbox sign-ins (password "${SANDBOX_ZOOM_PASSWORD}"):`, ...zoomUsers]
        : []),
    ].join('\n'),
  );

  const stop = async () => {
    await service.close();
    await sandbox?.close();
    await catcher?.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  log.fatal((err as Error).message);
  process.exit(1);
});
