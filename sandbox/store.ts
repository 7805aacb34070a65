import { randomBytes } from 'node:crypto';
import type { RateLimitKind } from './rate-limits.ts';
import { SANDBOX_ACCOUNTS, SANDBOX_ZOOM_PASSWORD } from './seed.ts';

export interface SandboxApp {
  clientId: string;
  clientSecret: string;
  name: string;
  type: 'admin' | 'user';
  /** The app's Secret Token: signs its webhooks and answers its URL validation. */
  webhookSecret: string;
  redirectUris: string[];
  deauthorizationUrl?: string;
  /** The scopes configured for the app; Zoom's defaults for its type when left out (./scopes.ts). */
  scopes?: string[];
}

export interface SandboxOptions {
  baseUrl: string;
  apps: SandboxApp[];
  accessTokenTtlSeconds?: number;
  now?: () => number;
  /** Zoom's per-second limit for Create Meeting (Medium) per account: 20 on a Pro plan
   * (zoom-platform.md, Rate limits). Past it the sandbox answers Zoom's QPS 429. */
  createsPerSecond?: number;
}

export interface ZoomAccount {
  id: string;
  name: string;
  accountNumber: number;
}

export interface ZoomUser {
  id: string;
  accountId: string;
  email: string;
  firstName: string;
  lastName: string;
  roleName: string;
  roleId: string;
  /** Where the API leaves `role_name` out (a sandbox control); shown everywhere by default. */
  omitRoleName?: 'never' | 'me' | 'always';
  password: string;
  pmi: number;
  createdAt: string;
  lastLoginTime: string;
}

/** An authorize request waiting for sign-in and consent; `userId` is set once signed in. */
export interface PendingAuthorization {
  id: string;
  clientId: string;
  redirectUri: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod: 'S256' | 'plain';
  userId?: string;
  createdAt: number;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  codeChallenge?: string;
  codeChallengeMethod: 'S256' | 'plain';
  expiresAt: number;
  used: boolean;
}

/** One installation of an app by a user (user app) or for an account (admin app). */
export interface Grant {
  id: string;
  clientId: string;
  userId: string;
  userEmail: string;
  accountId: string;
  refreshToken: string;
  revoked: boolean;
  createdAt: number;
}

export interface AccessToken {
  token: string;
  grantId: string;
  expiresAt: number;
}

export interface Meeting {
  id: number;
  uuid: string;
  hostId: string;
  accountId: string;
  topic: string;
  type: number;
  startTime: string;
  duration: number;
  timezone: string;
  agenda: string;
  password: string;
  encryptedPassword: string;
  createdAt: string;
}

export interface Fault {
  match: string;
  status?: number;
  /** Which of Zoom's 429s a status 429 plays (sandbox/rate-limits.ts); `qps` by default. */
  rateLimit?: RateLimitKind;
  delayMs?: number;
  remaining: number;
}

export interface WebhookDelivery {
  event: string;
  url: string;
  clientId: string;
  at: string;
  status: number | null;
  error?: string;
}

/** One accepted meeting create, kept after the meeting is deleted (tests count creates). */
export interface MeetingCreate {
  meetingId: number;
  accountId: string;
  hostEmail: string;
  topic: string;
  at: number;
}

export interface SandboxStats {
  /** Meeting creates accepted, and the 429s Zoom's own limits answered to creates (faults aside). */
  meetingCreates: { created: number; qps429: number; daily429: number };
  tokenRequests: { authorization_code: number; refresh_token: number };
  refreshesByGrant: Record<string, number>;
  revokes: number;
  webhooksSent: WebhookDelivery[];
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export class SandboxStore {
  readonly options: Required<Omit<SandboxOptions, 'apps'>> & { apps: SandboxApp[] };
  accounts = new Map<string, ZoomAccount>();
  users = new Map<string, ZoomUser>();
  pending = new Map<string, PendingAuthorization>();
  codes = new Map<string, AuthorizationCode>();
  grants = new Map<string, Grant>();
  accessTokens = new Map<string, AccessToken>();
  meetings = new Map<number, Meeting>();
  /** Meeting creates per `${userId}:${UTC day}`, for Zoom's per-user daily limit. */
  dailyCreates = new Map<string, number>();
  /** Meeting creates in the current second per account, for Zoom's per-second limit. */
  createsThisSecond = new Map<string, { second: number; count: number }>();
  /** Every accepted create since the last reset (not served: in-process tests read it). */
  createLog: MeetingCreate[] = [];
  faults: Fault[] = [];
  stats: SandboxStats = emptyStats();
  private inFlight = new Set<Promise<unknown>>();

  constructor(options: SandboxOptions) {
    this.options = {
      baseUrl: options.baseUrl.replace(/\/$/, ''),
      apps: options.apps,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3599,
      createsPerSecond: options.createsPerSecond ?? 20,
      now: options.now ?? Date.now,
    };
    this.reset();
  }

  now(): number {
    return this.options.now();
  }

  reset(): void {
    for (const map of [
      this.accounts,
      this.users,
      this.pending,
      this.codes,
      this.grants,
      this.accessTokens,
      this.meetings,
      this.dailyCreates,
      this.createsThisSecond,
    ]) {
      map.clear();
    }
    this.faults = [];
    this.createLog = [];
    this.stats = emptyStats();
    for (const account of SANDBOX_ACCOUNTS) {
      this.accounts.set(account.id, {
        id: account.id,
        name: account.name,
        accountNumber: account.accountNumber,
      });
      for (const user of account.users) {
        this.users.set(user.id, {
          ...user,
          accountId: account.id,
          password: SANDBOX_ZOOM_PASSWORD,
          createdAt: '2024-01-15T09:00:00Z',
          lastLoginTime: '2024-01-15T09:00:00Z',
        });
      }
    }
  }

  app(clientId: string): SandboxApp | undefined {
    return this.options.apps.find((app) => app.clientId === clientId);
  }

  userByEmail(email: string): ZoomUser | undefined {
    const wanted = email.toLowerCase();
    return [...this.users.values()].find((user) => user.email.toLowerCase() === wanted);
  }

  /** Zoom accepts a user id or an email wherever `{userId}` appears. */
  userByIdOrEmail(idOrEmail: string): ZoomUser | undefined {
    return this.users.get(idOrEmail) ?? this.userByEmail(idOrEmail);
  }

  /** Creates a grant with a fresh token pair; a newer authorization revokes the older one (4741). */
  createGrant(clientId: string, user: ZoomUser): { grant: Grant; accessToken: AccessToken } {
    const app = this.app(clientId);
    for (const grant of this.grants.values()) {
      if (grant.clientId !== clientId || grant.revoked) continue;
      const sameInstall =
        app?.type === 'admin' ? grant.accountId === user.accountId : grant.userId === user.id;
      if (sameInstall) this.revokeGrant(grant);
    }
    const grant: Grant = {
      id: `grant_${randomToken(9)}`,
      clientId,
      userId: user.id,
      userEmail: user.email,
      accountId: user.accountId,
      refreshToken: randomToken(),
      revoked: false,
      createdAt: this.now(),
    };
    this.grants.set(grant.id, grant);
    return { grant, accessToken: this.issueAccessToken(grant) };
  }

  /** Rotation: every refresh replaces the refresh token, so the previous one stops working. */
  rotateGrant(grant: Grant): AccessToken {
    grant.refreshToken = randomToken();
    this.stats.refreshesByGrant[grant.id] = (this.stats.refreshesByGrant[grant.id] ?? 0) + 1;
    return this.issueAccessToken(grant);
  }

  grantByRefreshToken(refreshToken: string): Grant | undefined {
    return [...this.grants.values()].find((grant) => grant.refreshToken === refreshToken);
  }

  /** Deleting a Zoom user deletes their meetings too (zoom-platform.md §9). */
  deleteUser(user: ZoomUser): void {
    this.users.delete(user.id);
    for (const [id, meeting] of this.meetings) {
      if (meeting.hostId === user.id) this.meetings.delete(id);
    }
  }

  revokeGrant(grant: Grant): void {
    grant.revoked = true;
    for (const [token, access] of this.accessTokens) {
      if (access.grantId === grant.id) this.accessTokens.delete(token);
    }
  }

  recordWebhook(delivery: WebhookDelivery): void {
    this.stats.webhooksSent = [...this.stats.webhooksSent, delivery].slice(-20);
  }

  /** Keeps a fire-and-forget task observable so tests can wait for it with `idle()`. */
  track(task: Promise<unknown>): void {
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private issueAccessToken(grant: Grant): AccessToken {
    const accessToken: AccessToken = {
      token: randomToken(32),
      grantId: grant.id,
      expiresAt: this.now() + this.options.accessTokenTtlSeconds * 1000,
    };
    this.accessTokens.set(accessToken.token, accessToken);
    return accessToken;
  }
}

function emptyStats(): SandboxStats {
  return {
    meetingCreates: { created: 0, qps429: 0, daily429: 0 },
    tokenRequests: { authorization_code: 0, refresh_token: 0 },
    refreshesByGrant: {},
    revokes: 0,
    webhooksSent: [],
  };
}
