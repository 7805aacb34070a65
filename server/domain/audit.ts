import type { Database } from '../db/client';
import { auditLog } from '../db/schema';

export type AuditAction =
  | 'approval_link.requested'
  | 'approval_link.revoked'
  | 'org_connection.approved'
  | 'org_connection.reconnected'
  | 'org_connection.approval_refused'
  | 'org_connection.needs_reconnect'
  | 'org_connection.disconnected'
  | 'org_connection.zoom_problem'
  | 'org_connection.zoom_problem_resolved'
  | 'org.created'
  | 'org_settings.updated'
  | 'personal_connection.connected'
  | 'personal_connection.disconnected'
  | 'member.org_connection_removed'
  | 'member.org_connection_restored'
  | 'member.role_changed'
  | 'member.removed'
  | 'invitation.created'
  | 'invitation.revoked'
  | 'invitation.accepted'
  | 'member.email_verified'
  | 'member.email_changed'
  | 'bookings.meetings_moved';

export interface AuditActor {
  accountId: string | null;
  label: string;
}

export async function recordAudit(
  db: Pick<Database, 'insert'>,
  entry: {
    orgId: string;
    actor: AuditActor;
    action: AuditAction;
    detail?: Record<string, unknown>;
    at: Date;
  },
): Promise<void> {
  await db.insert(auditLog).values({
    orgId: entry.orgId,
    actorAccountId: entry.actor.accountId,
    actorLabel: entry.actor.label,
    action: entry.action,
    detail: entry.detail ?? null,
    createdAt: entry.at,
  });
}
