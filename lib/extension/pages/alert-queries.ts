import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AlertPreference } from '../../contracts/alerts';
import type { StoredSession } from '../shared/storage-items';
import { authedConsole } from './console-api';
import { authed } from './member-data';
import { useAfterMembers } from './members-first';
import { isAdmin } from './queries';
import { useSingleFlightMutation } from './single-flight';

/**
 * Alerts in the options page: the console's list and the email choices. (The popup's notice,
 * useMyAlerts, is in member-data.ts: the popup must not carry the console's calls.)
 */

export const alertKeys = {
  org: (s: StoredSession) => ['orgAlerts', s.serviceUrl, s.account.id] as const,
  preferences: (s: StoredSession) => ['alertPreferences', s.serviceUrl, s.account.id] as const,
};

/** The org's recent incidents, open and resolved (owners and admins). */
export function useOrgAlerts(session: StoredSession) {
  const afterMembers = useAfterMembers();
  return useQuery({
    queryKey: alertKeys.org(session),
    queryFn: () => authed(session, (api) => api.orgAlerts()),
    enabled: isAdmin(session) && afterMembers,
  });
}

export function useAlertPreferences(session: StoredSession) {
  const afterMembers = useAfterMembers();
  return useQuery({
    queryKey: alertKeys.preferences(session),
    queryFn: () => authedConsole(session, (api) => api.alertPreferences()),
    enabled: afterMembers,
  });
}

/** One switch at a time; the answer is the full list, so the page shows what was stored. */
export function useSetAlertPreference(session: StoredSession) {
  const client = useQueryClient();
  return useSingleFlightMutation({
    mutationFn: (preference: AlertPreference) =>
      authedConsole(session, (api) => api.setAlertPreferences([preference])),
    onSuccess: (answer) => client.setQueryData(alertKeys.preferences(session), answer),
  });
}
