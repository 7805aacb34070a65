import { and, desc, eq, lt } from 'drizzle-orm';
import type { AuditResponse } from '../../lib/contracts/api';
import { auditLog } from '../db/schema';
import type { Deps } from '../deps';

/** The org's audit trail, newest first, for org admins. */
export async function readAuditLog(
  deps: Deps,
  orgId: string,
  page: { before?: number; limit: number },
): Promise<AuditResponse> {
  const rows = await deps.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.orgId, orgId), page.before ? lt(auditLog.id, page.before) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(page.limit + 1);
  const entries = rows.slice(0, page.limit).map((r) => ({
    id: r.id,
    action: r.action,
    actor: r.actorLabel,
    detail: r.detail ?? null,
    at: r.createdAt.toISOString(),
  }));
  return {
    entries,
    nextBefore: rows.length > page.limit ? (entries.at(-1)?.id ?? null) : null,
  };
}
