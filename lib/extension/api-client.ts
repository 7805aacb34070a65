import { z } from 'zod/mini';
import {
  approvalInfo,
  approvalLinkView,
  auditResponse,
  type CreateMeetingBody,
  checkNowResponse,
  disconnectImpact,
  invitationsResponse,
  invitationView,
  type MembersFilter,
  meetingView,
  membersResponse,
  membersSummary,
  memberZoom,
  meResponse,
  type OrgRole,
  orgRole,
  orgZoomResponse,
  type SignInBody,
  signInResponse,
} from '../contracts/api';
import { type ApiClientOptions, createApiRequest } from './api-request';
import { workerCalls } from './worker-api';

export type ApiClient = ReturnType<typeof createApiClient>;

/** Every call the extension's pages make; the worker's own subset is in worker-api.ts. */
export function createApiClient(options: ApiClientOptions) {
  const { request, send } = createApiRequest(options);
  const seg = encodeURIComponent;

  return {
    ...workerCalls(request),
    signIn: (body: SignInBody) =>
      request('/api/auth/sign-in', { method: 'POST', body, schema: signInResponse, auth: false }),
    signOut: () => request('/api/auth/sign-out', { method: 'POST', schema: null }),
    me: () => request('/api/me', { schema: meResponse }),
    createApprovalLink: () =>
      request('/api/org/zoom/approval-links', {
        method: 'POST',
        body: {},
        schema: approvalLinkView,
      }),
    revokeApprovalLink: () =>
      request('/api/org/zoom/approval-links/current', { method: 'DELETE', schema: null }),
    checkOrgZoom: () =>
      request('/api/org/zoom/check', { method: 'POST', schema: checkNowResponse }),
    disconnectImpact: () =>
      request('/api/org/zoom/disconnect-impact', { schema: disconnectImpact }),
    disconnectOrgZoom: () => request('/api/org/zoom/disconnect', { method: 'POST', schema: null }),
    auditLog: ({ limit, before }: { limit: number; before?: number | null }) => {
      const query = new URLSearchParams({ limit: String(limit) });
      if (before) query.set('before', String(before));
      return request(`/api/org/audit?${query}`, { schema: auditResponse });
    },
    members: ({ limit, cursor, ...filter }: MembersPageRequest) => {
      const query = filterQuery(filter);
      query.set('limit', String(limit));
      if (cursor) query.set('cursor', cursor);
      return request(`/api/org/members?${query}`, { schema: membersResponse });
    },
    membersSummary: () => request('/api/org/members/summary', { schema: membersSummary }),
    /** The CSV is a download, not JSON: fetched with the bearer token, handed back as a Blob. */
    membersCsv: async (filter: MembersFilter): Promise<Blob> => {
      const response = await send(`/api/org/members.csv?${filterQuery(filter)}`, {
        headers: { accept: 'text/csv' },
      });
      return response.blob();
    },
    updateMemberRole: (accountId: string, role: OrgRole) =>
      request(`/api/org/members/${seg(accountId)}`, {
        method: 'PATCH',
        body: { role },
        schema: memberRoleChange,
      }),
    removeMember: (accountId: string) =>
      request(`/api/org/members/${seg(accountId)}`, { method: 'DELETE', schema: null }),
    invitations: () => request('/api/org/invitations', { schema: invitationsResponse }),
    createInvitation: (body: { email: string; role: OrgRole }) =>
      request('/api/org/invitations', { method: 'POST', body, schema: invitationView }),
    revokeInvitation: (id: string) =>
      request(`/api/org/invitations/${seg(id)}`, { method: 'DELETE', schema: null }),
    approvalInfo: (linkToken: string) =>
      request(`/api/approvals/${seg(linkToken)}`, { schema: approvalInfo, auth: false }),
    disconnectPersonal: () => request('/api/me/zoom/personal', { method: 'DELETE', schema: null }),
    checkPersonal: () =>
      request('/api/me/zoom/personal/check', { method: 'POST', schema: memberZoom }),
    setOrgConnectionRemoved: (removed: boolean) =>
      request('/api/me/zoom/org-connection', {
        method: 'PUT',
        body: { removed },
        schema: memberZoom,
      }),
    updateOrgSettings: (settings: { allowMemberRemoval: boolean }) =>
      request('/api/org/zoom/settings', {
        method: 'PATCH',
        body: settings,
        schema: orgZoomResponse,
      }),
    createMeeting: (body: CreateMeetingBody) =>
      request('/api/me/meetings', { method: 'POST', body, schema: meetingView }),
  };
}

export type MembersPageRequest = MembersFilter & { limit: number; cursor?: string | null };

function filterQuery(filter: MembersFilter): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of ['q', 'status', 'type', 'sort', 'dir'] as const) {
    const value = filter[key];
    if (value) query.set(key, value);
  }
  return query;
}

const memberRoleChange = z.object({ id: z.string(), role: orgRole });
