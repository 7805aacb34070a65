import type { Vault } from './crypto/vault';
import type { Database } from './db/client';
import type { Env } from './env';
import type { Logger } from './log';
import type { ZoomClient } from './zoom/client';

/** What every route and domain function may use; built once in main.ts (or per test). */
export interface Deps {
  db: Database;
  env: Env;
  vault: Vault;
  zoom: ZoomClient;
  now: () => Date;
  log: Logger;
}

export interface SessionInfo {
  accountId: string;
  email: string;
  name: string;
  orgId: string;
  orgName: string;
  role: 'owner' | 'admin' | 'user';
}

export type AppEnv = { Variables: { session: SessionInfo; requestId: string } };
