import { z } from 'zod/mini';
import {
  approvalInfo,
  approvalLinkView,
  auditResponse,
  type CreateMeetingBody,
  checkNowResponse,
  disconnectImpact,
  flowResult,
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
  type StartFlowBody,
  signInResponse,
  startFlowResponse,
} from '../contracts/api';
import { apiErrorBody } from '../contracts/errors';

/**
 * A refusal or failure from the org service. `code` is the service's own (lib/contracts/errors.ts)
 * or one the client adds: `network` (status 0, unreachable) and `invalid_response`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor({ status, code, message }: { status: number; code: string; message: string }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

export interface ApiClientOptions {
  serviceUrl: string;
  token?: string | null;
  fetchImpl?: typeof fetch;
}

interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  schema: z.core.$ZodType<T> | null;
  auth?: boolean;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient({ serviceUrl, token, fetchImpl }: ApiClientOptions) {
  const base = serviceUrl.replace(/\/+$/, '');

  async function request<T>(path: string, options: RequestOptions<T>): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.auth !== false && token) headers.authorization = `Bearer ${token}`;

    let response: Response;
    try {
      response = await (fetchImpl ?? fetch)(`${base}${path}`, {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch {
      throw new ApiError({
        status: 0,
        code: 'network',
        message: "Can't reach the org service. Check your connection and try again.",
      });
    }

    if (!response.ok) throw await errorFrom(response);
    if (options.schema === null) return undefined as T;

    const parsed = z.safeParse(options.schema, await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new ApiError({
        status: response.status,
        code: 'invalid_response',
        message: 'The org service sent an answer this extension does not understand.',
      });
    }
    return parsed.data;
  }

  const seg = encodeURIComponent;

  return {
    signIn: (body: SignInBody) =>
      request('/api/auth/sign-in', { method: 'POST', body, schema: signInResponse, auth: false }),
    signOut: () => request('/api/auth/sign-out', { method: 'POST', schema: null }),
    me: () => request('/api/me', { schema: meResponse }),
    orgZoom: () => request('/api/org/zoom', { schema: orgZoomResponse }),
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
      const headers: Record<string, string> = { accept: 'text/csv' };
      if (token) headers.authorization = `Bearer ${token}`;
      let response: Response;
      try {
        response = await (fetchImpl ?? fetch)(
          `${base}/api/org/members.csv?${filterQuery(filter)}`,
          {
            headers,
          },
        );
      } catch {
        throw new ApiError({
          status: 0,
          code: 'network',
          message: "Can't reach the org service. Check your connection and try again.",
        });
      }
      if (!response.ok) throw await errorFrom(response);
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
    startFlow: (linkToken: string, body: StartFlowBody) =>
      request(`/api/approvals/${seg(linkToken)}/flows`, {
        method: 'POST',
        body,
        schema: startFlowResponse,
        auth: false,
      }),
    startPersonalFlow: (body: StartFlowBody) =>
      request('/api/me/zoom/personal/flows', { method: 'POST', body, schema: startFlowResponse }),
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
    flowResult: (state: string) =>
      request(`/api/oauth/flows/${seg(state)}`, { schema: flowResult, auth: false }),
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

async function errorFrom(response: Response): Promise<ApiError> {
  const parsed = apiErrorBody.safeParse(await response.json().catch(() => undefined));
  if (parsed.success) {
    return new ApiError({ status: response.status, ...parsed.data.error });
  }
  return new ApiError({
    status: response.status,
    code: response.status >= 500 ? 'internal' : 'invalid_response',
    message: `The org service answered ${response.status} without an explanation.`,
  });
}
