import { and, asc, count, eq, gt, or } from 'drizzle-orm';
import type { MemberRow, MembersResponse } from '../../lib/contracts/api';
import { accounts, memberships } from '../db/schema';
import type { Deps } from '../deps';
import { ApiError } from '../http/errors';
import { zoomFor } from './members';
import { orgZoomState } from './org-connection';

/** The admin member table: one page of members with their status and Type. */
/** Cursor = base64url JSON of the last row's sort key (name, id): stable under inserts. */
function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value?.name === 'string' && typeof value?.id === 'string') return value;
  } catch {}
  throw new ApiError(400, 'bad_request', 'Invalid cursor.');
}

function encodeCursor(row: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify({ name: row.name, id: row.id })).toString('base64url');
}

export async function listMembers(
  deps: Deps,
  orgId: string,
  page: { cursor?: string; limit: number },
): Promise<MembersResponse> {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await deps.db
    .select({
      id: accounts.id,
      name: accounts.name,
      email: accounts.email,
      role: memberships.role,
      removedOrgConnection: memberships.removedOrgConnection,
    })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(
      and(
        eq(memberships.orgId, orgId),
        after
          ? or(
              gt(accounts.name, after.name),
              and(eq(accounts.name, after.name), gt(accounts.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(accounts.name), asc(accounts.id))
    .limit(page.limit + 1);
  const [{ total } = { total: 0 }] = await deps.db
    .select({ total: count() })
    .from(memberships)
    .where(eq(memberships.orgId, orgId));
  const org = await orgZoomState(deps, orgId);
  const pageRows = rows.slice(0, page.limit);
  const members: MemberRow[] = pageRows.map((m) => {
    const zoom = zoomFor(m, org);
    return {
      id: m.id,
      name: m.name,
      email: m.email,
      role: m.role,
      status: zoom.status,
      type: zoom.type,
      reason: zoom.reason,
    };
  });
  const last = pageRows.at(-1);
  return {
    members,
    nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null,
    total,
  };
}
