import { createContext, useContext } from 'react';

/**
 * The options page asks for the member table's first page before anything else: the table is
 * what an admin opens the console for, and with the page's other requests (me, org connection,
 * counts, invitations, activity) sent at the same time it waited behind them on the service.
 * Those queries wait for this signal (useMembersFirstPageAnswered in member-queries.ts); everywhere else (popup, approval page) it is already true.
 */
const membersAnswered = createContext(true);

export const MembersFirstProvider = membersAnswered.Provider;

/** False on the options page until the member table's first page has answered (or failed). */
export function useAfterMembers(): boolean {
  return useContext(membersAnswered);
}
