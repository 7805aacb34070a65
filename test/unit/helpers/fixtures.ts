import type {
  ApprovalInfo,
  FlowResult,
  MeetingView,
  MemberRow,
  MeResponse,
  OrgZoomResponse,
} from '@/lib/contracts/api';
import type { StoredSession } from '@/lib/extension/shared/storage-items';

export const SERVICE_URL = 'http://127.0.0.1:8787';
export const LINK_TOKEN = 'abcdefghijklmnopqrstuv';

export const adminSession: StoredSession = {
  token: 'session-token-admin',
  account: { id: 'acc-1', email: 'ada@acme.test', name: 'Ada Admin' },
  membership: { orgId: 'org-1', orgName: 'Acme Scheduling', role: 'admin' },
  serviceUrl: SERVICE_URL,
};

export const memberSession: StoredSession = {
  token: 'session-token-member',
  account: { id: 'acc-2', email: 'max@acme.test', name: 'Max Member' },
  membership: { orgId: 'org-1', orgName: 'Acme Scheduling', role: 'user' },
  serviceUrl: SERVICE_URL,
};

export function meFor(session: StoredSession, zoom: Partial<MeResponse['zoom']> = {}): MeResponse {
  return {
    account: session.account,
    membership: session.membership,
    zoom: {
      status: 'not_connected',
      type: null,
      reason: 'org_not_connected',
      zoomEmail: null,
      personal: 'none',
      personalZoomEmail: null,
      orgState: 'not_connected',
      canRemoveOrgConnection: false,
      removedOrgConnection: false,
      emailVerified: true,
      ...zoom,
    },
  };
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

export function orgZoom(overrides: Partial<OrgZoomResponse> = {}): OrgZoomResponse {
  return {
    orgName: 'Acme Scheduling',
    state: 'not_connected',
    stateReason: null,
    connection: null,
    pendingLink: null,
    expiredLink: null,
    settings: { allowMemberRemoval: false, zoomDefaultLocation: false },
    lastCheckedAt: null,
    lastCheckError: null,
    zoomProblem: null,
    ...overrides,
  };
}

export function pendingOrgZoom(expiresInDays = 7): OrgZoomResponse {
  return orgZoom({
    state: 'pending_approval',
    pendingLink: {
      url: `${SERVICE_URL}/approve/${LINK_TOKEN}`,
      expiresAt: inDays(expiresInDays),
      requestedAt: inDays(-1),
      requestedBy: { name: 'Ada Admin', email: 'ada@acme.test' },
    },
  });
}

export function activeOrgZoom(): OrgZoomResponse {
  return orgZoom({
    state: 'active',
    connection: {
      zoomEmail: 'zoe@acme-zoom.test',
      zoomAccountId: 'zacc-1',
      zoomRole: 'Owner',
      approvedAt: inDays(-2),
      requestedBy: { name: 'Ada Admin', email: 'ada@acme.test' },
    },
  });
}

export function member(overrides: Partial<MemberRow> & { id: string }): MemberRow {
  return {
    name: `Person ${overrides.id}`,
    email: `${overrides.id}@acme.test`,
    role: 'user',
    status: 'connected',
    type: 'organization',
    reason: null,
    zoomUserMissing: false,
    ...overrides,
  };
}

export const approvalInfo: ApprovalInfo = {
  orgName: 'Acme Scheduling',
  requestedBy: { name: 'Ada Admin', email: 'ada@acme.test' },
  expiresAt: inDays(7),
};

export function flowResult(overrides: Partial<FlowResult> = {}): FlowResult {
  return {
    outcome: 'connected',
    kind: 'org',
    orgName: 'Acme Scheduling',
    zoomEmail: 'zoe@acme-zoom.test',
    zoomRole: 'Owner',
    message: null,
    ...overrides,
  };
}

/** A meeting the service created for the member (new-zoom-meeting, popup tests). */
export function meetingView(overrides: Partial<MeetingView> = {}): MeetingView {
  return {
    id: 81234567890,
    topic: 'Design review',
    startTime: new Date(2030, 4, 1, 14, 30).toISOString(),
    durationMinutes: 30,
    joinUrl: 'https://zoom.test/j/81234567890?pwd=abc',
    passcode: '482913',
    invitation: 'Max Member is inviting you to a scheduled Zoom meeting.\nTopic: Design review',
    via: 'personal',
    fellBack: false,
    hostEmail: 'max@personal.test',
    ...overrides,
  };
}
