import { create } from 'zustand';
import type { MemberSort } from '../contracts/api';

/**
 * The admin member table's search, filters and sort: UI state that several components read
 * (the table, its counts and the CSV export), so it lives in one small store, not in the URL or
 * the server cache.
 */
export interface MemberTableFilter {
  q: string;
  status: '' | 'connected' | 'not_connected';
  type: '' | 'organization' | 'personal';
  sort: MemberSort;
  dir: 'asc' | 'desc';
}

interface MemberTableState extends MemberTableFilter {
  setQuery(q: string): void;
  setStatus(status: MemberTableFilter['status']): void;
  setType(type: MemberTableFilter['type']): void;
  /** Clicking the sorted column flips its direction; another column starts ascending. */
  toggleSort(sort: MemberSort): void;
  /** Back to every member; the sort stays. */
  clearFilters(): void;
  reset(): void;
}

const initial: MemberTableFilter = { q: '', status: '', type: '', sort: 'name', dir: 'asc' };

export const useMemberTableStore = create<MemberTableState>((set) => ({
  ...initial,
  setQuery: (q) => set({ q }),
  setStatus: (status) => set({ status }),
  setType: (type) => set({ type }),
  toggleSort: (sort) =>
    set((s) =>
      s.sort === sort ? { dir: s.dir === 'asc' ? 'desc' : 'asc' } : { sort, dir: 'asc' },
    ),
  clearFilters: () => set({ q: '', status: '', type: '' }),
  reset: () => set(initial),
}));

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
