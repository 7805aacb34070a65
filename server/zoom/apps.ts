import type { Env } from '../env';
import type { ZoomApp } from './client';

/**
 * The two Zoom Marketplace apps, built from config in one place. Zoom cannot combine admin and
 * user scopes in one app, and each app has its own client credentials and its own webhook
 * Secret Token (zoom-platform.md §9), so everything that talks to Zoom asks for an app by kind.
 */
export type ZoomAppKind = 'org' | 'personal';

export interface ZoomAppConfig extends ZoomApp {
  kind: ZoomAppKind;
  webhookSecret: string;
}

export function zoomApp(env: Env, kind: ZoomAppKind): ZoomAppConfig {
  return kind === 'org'
    ? {
        kind,
        clientId: env.ZOOM_ORG_CLIENT_ID,
        clientSecret: env.ZOOM_ORG_CLIENT_SECRET,
        webhookSecret: env.ZOOM_ORG_WEBHOOK_SECRET,
      }
    : {
        kind,
        clientId: env.ZOOM_PERSONAL_CLIENT_ID,
        clientSecret: env.ZOOM_PERSONAL_CLIENT_SECRET,
        webhookSecret: env.ZOOM_PERSONAL_WEBHOOK_SECRET,
      };
}

export function zoomApps(env: Env): ZoomAppConfig[] {
  return [zoomApp(env, 'org'), zoomApp(env, 'personal')];
}
