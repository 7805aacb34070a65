import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateEventTypeBody, UpdateEventTypeBody } from '../../contracts/event-types';
import type { StoredSession } from '../shared/storage-items';
import { authedEventTypes } from './event-type-api';
import { useAfterMembers } from './members-first';
import { useSingleFlightMutation } from './single-flight';

export const eventTypeKeys = {
  list: (s: StoredSession) => ['eventTypes', s.serviceUrl, s.account.id] as const,
};

/** After the member table's first page on the options page, like the console's other reads. */
export function useEventTypes(session: StoredSession) {
  return useQuery({
    queryKey: eventTypeKeys.list(session),
    queryFn: () => authedEventTypes(session, (api) => api.list()),
    enabled: useAfterMembers(),
  });
}

function useRefetchingMutation<T, V>(session: StoredSession, call: (variables: V) => Promise<T>) {
  const client = useQueryClient();
  return useSingleFlightMutation({
    mutationFn: call,
    onSuccess: () => client.invalidateQueries({ queryKey: eventTypeKeys.list(session) }),
  });
}

export function useCreateEventType(session: StoredSession) {
  return useRefetchingMutation(session, (body: CreateEventTypeBody) =>
    authedEventTypes(session, (api) => api.create(body)),
  );
}

export function useUpdateEventType(session: StoredSession) {
  return useRefetchingMutation(session, ({ id, body }: { id: string; body: UpdateEventTypeBody }) =>
    authedEventTypes(session, (api) => api.update(id, body)),
  );
}

export function useDeleteEventType(session: StoredSession) {
  return useRefetchingMutation(session, (id: string) =>
    authedEventTypes(session, (api) => api.remove(id)),
  );
}
