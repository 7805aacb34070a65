import {
  type CreateEventTypeBody,
  eventTypesResponse,
  eventTypeView,
  type UpdateEventTypeBody,
} from '../../contracts/event-types';
import { type ApiClientOptions, createApiRequest } from '../shared/api-request';
import { signedInCall } from '../shared/session';
import type { StoredSession } from '../shared/storage-items';

/**
 * "Your event types" (options page): the member's own event types. A module of its own, like
 * console-api.ts, so the popup does not carry these calls and their schemas.
 */
export function createEventTypeApi(options: ApiClientOptions) {
  const { request } = createApiRequest(options);
  const path = (id: string) => `/api/me/event-types/${encodeURIComponent(id)}`;
  return {
    list: () => request('/api/me/event-types', { schema: eventTypesResponse }),
    create: (body: CreateEventTypeBody) =>
      request('/api/me/event-types', { method: 'POST', body, schema: eventTypeView }),
    update: (id: string, body: UpdateEventTypeBody) =>
      request(path(id), { method: 'PATCH', body, schema: eventTypeView }),
    remove: (id: string) => request(path(id), { method: 'DELETE', schema: null }),
  };
}

export type EventTypeApi = ReturnType<typeof createEventTypeApi>;

export function authedEventTypes<T>(
  session: StoredSession,
  call: (api: EventTypeApi) => Promise<T>,
) {
  return signedInCall(session, createEventTypeApi, call);
}
