import type { Vault } from './crypto/vault';
import type { Database } from './db/client';
import type { MemberZoomState } from './domain/member-zoom-state';
import type { Env } from './env';
import type { Logger } from './log';
import type { Mailer } from './mail/transport';
import type { ZoomClient } from './zoom/client';

/** What every route and domain function may use; built once in main.ts (or per test). */
export interface Deps {
  db: Database;
  env: Env;
  vault: Vault;
  zoom: ZoomClient;
  now: () => Date;
  log: Logger;
  /** Used only by the outbox's delivery (server/mail/outbox.ts); everything else enqueues. */
  mailer: Mailer;
}

/** A member of an org, as the domain acts for them (a booking's host has no sign-in). */
export interface MemberInfo {
  accountId: string;
  email: string;
  name: string;
  orgId: string;
  orgName: string;
  role: 'owner' | 'admin' | 'user';
}

/** A signed-in member. */
export interface SessionInfo extends MemberInfo {
  /** This sign-in's row, so "change password" can keep it while ending the others. */
  sessionId: string;
}

export type AppEnv = {
  Variables: {
    session: SessionInfo;
    /** The member's Zoom inputs as read with the session (at the start of the request). */
    memberZoomState: MemberZoomState;
    requestId: string;
  };
};
