import { create } from 'zustand';
import type { MemberSort } from '../../contracts/api';
import { initialMemberFilter, type MemberTableFilter } from './members-path';

export { apiFilter, type MemberTableFilter } from './members-path';

/**
 * The admin member table's search, filters and sort: UI state that several components read
 * (the table, its counts and the CSV export), so it lives in one small store, not in the URL or
 * the server cache.
 */
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

export const useMemberTableStore = create<MemberTableState>((set) => ({
  ...initialMemberFilter,
  setQuery: (q) => set({ q }),
  setStatus: (status) => set({ status }),
  setType: (type) => set({ type }),
  toggleSort: (sort) =>
    set((s) =>
      s.sort === sort ? { dir: s.dir === 'asc' ? 'desc' : 'asc' } : { sort, dir: 'asc' },
    ),
  clearFilters: () => set({ q: '', status: '', type: '' }),
  reset: () => set(initialMemberFilter),
}));
