import { z } from 'zod/mini';

/**
 * Alerts: incidents the service tells people about (server/domain/alerts.ts), shared by the
 * service and the extension (console list, popup notice, badge, notifications).
 */

export const alertKinds = [
  /** The org connection broke (approver demoted or removed, grant refused). */
  'org_needs_reconnect',
  /** Zoom removed the app (app_deauthorized). */
  'org_deauthorized',
  /** Zoom refuses the service's own app (client id/secret, an edge): a configuration problem. */
  'org_misconfigured',
  /** The pending approval link runs out within 24 hours, unused. */
  'approval_link_expiring',
  /** An org admin disconnected the org's Zoom on purpose: told to the members who used it. */
  'org_disconnected',
  /** A member's personal connection broke. */
  'personal_broken',
] as const;
export type AlertKind = (typeof alertKinds)[number];

/** The kinds org admins are told about (and see in the console's list). */
export const orgAlertKinds = [
  'org_needs_reconnect',
  'org_deauthorized',
  'org_misconfigured',
  'approval_link_expiring',
] as const satisfies readonly AlertKind[];

/**
 * What a person chooses to get by email. Members hear of the org's incidents as one thing,
 * "the org connection I rely on is down" (`org_down`), whatever the cause.
 */
export const alertTopics = [...orgAlertKinds, 'org_down', 'personal_broken'] as const;
export type AlertTopic = (typeof alertTopics)[number];

export const adminAlertTopics: readonly AlertTopic[] = [...orgAlertKinds, 'personal_broken'];
export const memberAlertTopics: readonly AlertTopic[] = ['org_down', 'personal_broken'];

const isoDate = z.iso.datetime({ offset: true });

export const alertView = z.object({
  id: z.string(),
  kind: z.enum(alertKinds),
  reason: z.string(),
  openedAt: isoDate,
  resolvedAt: z.nullable(isoDate),
  resolution: z.nullable(z.string()),
});
export type AlertView = z.infer<typeof alertView>;

/** GET /api/org/alerts (admins: the org's recent incidents) and GET /api/me/alerts (mine, open). */
export const alertsResponse = z.object({ alerts: z.array(alertView) });
export type AlertsResponse = z.infer<typeof alertsResponse>;

export const alertPreference = z.object({ topic: z.enum(alertTopics), email: z.boolean() });
export type AlertPreference = z.infer<typeof alertPreference>;

/** GET and PUT /api/me/alert-preferences: the topics this person can get, each on or off. */
export const alertPreferencesResponse = z.object({ preferences: z.array(alertPreference) });
export type AlertPreferencesResponse = z.infer<typeof alertPreferencesResponse>;

export const alertPreferencesBody = z.strictObject({
  preferences: z
    .array(z.strictObject({ topic: z.enum(alertTopics), email: z.boolean() }))
    .check(z.minLength(1), z.maxLength(alertTopics.length)),
});
export type AlertPreferencesBody = z.input<typeof alertPreferencesBody>;
