import { eq, sql } from 'drizzle-orm';
import {
  type AlertPreference,
  type AlertPreferencesBody,
  type AlertTopic,
  adminAlertTopics,
  memberAlertTopics,
} from '../../lib/contracts/alerts';
import { alertEmailPreferences } from '../db/schema';
import type { Deps, SessionInfo } from '../deps';
import { DomainError } from './errors';

/**
 * Which alerts reach a person by email: one row per topic they changed, none = yes. The topics
 * follow the role: org admins choose among the org's incidents, members between "the org's Zoom
 * I use is down" and "my personal Zoom broke" (server/domain/alerts.ts reads the same rows).
 */
export function topicsFor(role: SessionInfo['role']): readonly AlertTopic[] {
  return role === 'user' ? memberAlertTopics : adminAlertTopics;
}

export async function alertPreferences(
  deps: Deps,
  session: SessionInfo,
): Promise<AlertPreference[]> {
  const rows = await deps.db
    .select({ topic: alertEmailPreferences.topic, email: alertEmailPreferences.email })
    .from(alertEmailPreferences)
    .where(eq(alertEmailPreferences.accountId, session.accountId));
  const chosen = new Map(rows.map((r) => [r.topic, r.email]));
  return topicsFor(session.role).map((topic) => ({ topic, email: chosen.get(topic) ?? true }));
}

export async function setAlertPreferences(
  deps: Deps,
  session: SessionInfo,
  body: AlertPreferencesBody,
): Promise<AlertPreference[]> {
  const allowed = topicsFor(session.role);
  const foreign = body.preferences.find((p) => !allowed.includes(p.topic));
  if (foreign) {
    throw new DomainError('bad_request', `Alerts about ${foreign.topic} are not sent to you.`, {
      issues: [{ path: 'preferences', message: `Not one of: ${allowed.join(', ')}.` }],
    });
  }
  await deps.db
    .insert(alertEmailPreferences)
    .values(body.preferences.map((p) => ({ accountId: session.accountId, ...p })))
    .onConflictDoUpdate({
      target: [alertEmailPreferences.accountId, alertEmailPreferences.topic],
      set: { email: sql`excluded.email` },
    });
  return alertPreferences(deps, session);
}
