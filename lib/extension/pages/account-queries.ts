import { useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordBody } from '../../contracts/api';
import { signOut } from '../shared/session';
import type { StoredSession } from '../shared/storage-items';
import { authedConsole } from './console-api';
import { useResources } from './resource';
import { useSingleFlightMutation } from './single-flight';

/** The signed-in account's password and sessions (options page, Account). */

export function useChangePassword(session: StoredSession) {
  return useSingleFlightMutation({
    mutationFn: (body: ChangePasswordBody) =>
      authedConsole(session, (api) => api.changePassword(body)),
  });
}

/** Ends every session of the account on the service, then this page's own. */
export function useSignOutEverywhere(session: StoredSession) {
  const client = useQueryClient();
  const resources = useResources();
  return useSingleFlightMutation({
    mutationFn: async () => {
      await authedConsole(session, (api) => api.signOutEverywhere());
      await signOut(session);
      client.clear();
      resources.clear();
    },
  });
}
