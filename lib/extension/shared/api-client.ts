import { alertsResponse } from '../../contracts/alerts';
import {
  approvalInfo,
  type CreateMeetingBody,
  meetingView,
  memberZoom,
  meResponse,
  type PasswordResetRequestBody,
  type SignInBody,
  signInResponse,
} from '../../contracts/api';
import { bookingLinks } from '../../contracts/booking-links';
import { type ApiClientOptions, createApiRequest } from './api-request';
import { workerCalls } from './worker-api';

export type ApiClient = ReturnType<typeof createApiClient>;

/**
 * The calls every page makes: sign-in, the member's own Zoom, meetings, approval links, and the
 * worker's calls (worker-api.ts). The admin console's own calls are in console-api.ts.
 */
export function createApiClient(options: ApiClientOptions) {
  const { request } = createApiRequest(options);
  const seg = encodeURIComponent;

  return {
    ...workerCalls(request),
    signIn: (body: SignInBody) =>
      request('/api/auth/sign-in', { method: 'POST', body, schema: signInResponse, auth: false }),
    signOut: () => request('/api/auth/sign-out', { method: 'POST', schema: null }),
    requestPasswordReset: (body: PasswordResetRequestBody) =>
      request('/api/auth/password-reset', { method: 'POST', body, schema: null, auth: false }),
    me: () => request('/api/me', { schema: meResponse }),
    /** The open incidents this person was told of (the popup's notice). */
    myAlerts: () => request('/api/me/alerts', { schema: alertsResponse }),
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
    createMeeting: (body: CreateMeetingBody) =>
      request('/api/me/meetings', { method: 'POST', body, schema: meetingView }),
    bookingLinks: () => request('/api/me/event-types', { schema: bookingLinks }),
  };
}
