import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createZoomSandbox, type SandboxOptions } from './app.ts';
import {
  SANDBOX_DEFAULT_DEAUTHORIZATION_URL,
  SANDBOX_DEFAULT_REDIRECT_URI,
  SANDBOX_ORG_APP,
  SANDBOX_PERSONAL_APP,
} from './seed.ts';
import type { SandboxStore } from './store.ts';

export interface RunningZoomSandbox {
  url: string;
  store: SandboxStore;
  close(): Promise<void>;
}

export function defaultSandboxApps(): SandboxOptions['apps'] {
  return [SANDBOX_ORG_APP, SANDBOX_PERSONAL_APP].map((app) => ({
    ...app,
    redirectUris: [SANDBOX_DEFAULT_REDIRECT_URI],
    deauthorizationUrl: SANDBOX_DEFAULT_DEAUTHORIZATION_URL,
  }));
}

/** Listens on loopback; with port 0 the OS picks a free port and `url` reports it. */
export async function startZoomSandbox(
  opts: Partial<SandboxOptions> & { port?: number; host?: string } = {},
): Promise<RunningZoomSandbox> {
  const { port = 0, host = '127.0.0.1', ...options } = opts;
  // The base URL (api_url, join links) is only known once listening, so the app is built late.
  let app: Hono | undefined;
  const server = serve({
    fetch: (request, env) =>
      app ? app.fetch(request, env) : new Response('starting', { status: 503 }),
    port,
    hostname: host,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;
  const sandbox = createZoomSandbox({
    ...options,
    baseUrl: options.baseUrl ?? url,
    apps: options.apps ?? defaultSandboxApps(),
  });
  app = sandbox.app;
  return {
    url,
    store: sandbox.store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
