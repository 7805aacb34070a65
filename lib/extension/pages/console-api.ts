import { z } from 'zod/mini';
import { type AlertPreference, alertPreferencesResponse } from '../../contracts/alerts';
import {
  approvalLinkView,
  auditResponse,
  type ChangePasswordBody,
  changePasswordResponse,
  checkNowResponse,
  disconnectImpact,
  invitationsResponse,
  invitationView,
  type MembersFilter,
  memberBookingsResponse,
  membersResponse,
  membersSummary,
  type OrgRole,
  type OrgSettingsBody,
  orgRole,
  orgZoomResponse,
  repairProgress,
  type UpcomingBookingsChoice,
} from '../../contracts/api';
import { type ApiClientOptions, createApiRequest } from '../shared/api-request';
import { signedInCall } from '../shared/session';
import type { StoredSession } from '../shared/storage-items';
import { filterQuery, type MembersPageRequest, membersPath } from './members-path';

/**
 * The options page's calls: the account's password and sessions, and for admins the org
 * connection's lifecycle, settings, members and invitations. Kept out of api-client.ts so the popup, which shares that module
 * with the options page, does not carry these calls and their response schemas.
 */

export type ConsoleApi = ReturnType<typeof createConsoleApi>;

export function createConsoleApi(options: ApiClientOptions) {
  const { request, send } = createApiRequest(options);
  const seg = encodeURIComponent;

  return {
    changePassword: (body: ChangePasswordBody) =>
      request('/api/me/password', { method: 'PUT', body, schema: changePasswordResponse }),
    signOutEverywhere: () => request('/api/me/sessions', { method: 'DELETE', schema: null }),
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
    repairProgress: () => request('/api/org/bookings/repair-progress', { schema: repairProgress }),
    disconnectOrgZoom: () =>
      request('/api/org/zoom/disconnect', { method: 'POST', schema: orgZoomResponse }),
    updateOrgSettings: (settings: OrgSettingsBody) =>
      request('/api/org/zoom/settings', {
        method: 'PATCH',
        body: settings,
        schema: orgZoomResponse,
      }),
    auditLog: ({ limit, before }: { limit: number; before?: number | null }) => {
      const query = new URLSearchParams({ limit: String(limit) });
      if (before) query.set('before', String(before));
      return request(`/api/org/audit?${query}`, { schema: auditResponse });
    },
    alertPreferences: () =>
      request('/api/me/alert-preferences', { schema: alertPreferencesResponse }),
    setAlertPreferences: (preferences: AlertPreference[]) =>
      request('/api/me/alert-preferences', {
        method: 'PUT',
        body: { preferences },
        schema: alertPreferencesResponse,
      }),
    members: (page: MembersPageRequest, signal?: AbortSignal) =>
      request(membersPath(page), { schema: membersResponse, signal }),
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
    memberBookings: (accountId: string) =>
      request(`/api/org/members/${seg(accountId)}/bookings?limit=3`, {
        schema: memberBookingsResponse,
      }),
    removeMember: (accountId: string, upcomingBookings?: UpcomingBookingsChoice) =>
      request(
        `/api/org/members/${seg(accountId)}${upcomingBookings ? `?upcomingBookings=${upcomingBookings}` : ''}`,
        { method: 'DELETE', schema: null },
      ),
    invitations: () => request('/api/org/invitations', { schema: invitationsResponse }),
    createInvitation: (body: { email: string; role: OrgRole }) =>
      request('/api/org/invitations', { method: 'POST', body, schema: invitationView }),
    revokeInvitation: (id: string) =>
      request(`/api/org/invitations/${seg(id)}`, { method: 'DELETE', schema: null }),
  };
}

/** A console call with this session's token (a 401 signs the page out, as for `authed`). */
export function authedConsole<T>(session: StoredSession, call: (api: ConsoleApi) => Promise<T>) {
  return signedInCall(session, createConsoleApi, call);
}

const memberRoleChange = z.object({ id: z.string(), role: orgRole });
