import type { MemberSort, MembersFilter } from '../../contracts/api';

/**
 * The member table's request, as a path: built here for the console's client (console-api.ts)
 * and for the options page's start (page-start.ts), which sends the first page's request before
 * React and the console have loaded. Both must build the very same URL.
 */

export const MEMBER_PAGE_SIZE = 100;

/** The table's search, filters and sort as the page holds them (member-table-store.ts). */
export interface MemberTableFilter {
  q: string;
  status: '' | 'connected' | 'not_connected';
  type: '' | 'organization' | 'personal';
  sort: MemberSort;
  dir: 'asc' | 'desc';
}

export const initialMemberFilter: MemberTableFilter = {
  q: '',
  status: '',
  type: '',
  sort: 'name',
  dir: 'asc',
};

/** The filter as the API takes it: empty choices left out. */
export function apiFilter(f: MemberTableFilter) {
  return {
    q: f.q.trim() || undefined,
    status: f.status || undefined,
    type: f.type || undefined,
    sort: f.sort,
    dir: f.dir,
  };
}

export type MembersPageRequest = MembersFilter & { limit: number; cursor?: string | null };

export function filterQuery(filter: MembersFilter): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of ['q', 'status', 'type', 'sort', 'dir'] as const) {
    const value = filter[key];
    if (value) query.set(key, value);
  }
  return query;
}

export function membersPath({ limit, cursor, ...filter }: MembersPageRequest): string {
  const query = filterQuery(filter);
  query.set('limit', String(limit));
  if (cursor) query.set('cursor', cursor);
  return `/api/org/members?${query}`;
}

/** The first page the table asks for when the options page opens. */
export function firstMembersPath(): string {
  return membersPath({ ...apiFilter(initialMemberFilter), limit: MEMBER_PAGE_SIZE, cursor: null });
}
