import type { AlertKind, AlertTopic } from '../../contracts/alerts';

/**
 * What each alert is called, in the mails' words (server/mail/alert-messages.ts): the badge's
 * title and the notification (worker), the console's list and the popup's notice (pages).
 */
const titles: Record<AlertKind, (org: string) => string> = {
  org_needs_reconnect: (org) => `Zoom for ${org} needs to be reconnected`,
  org_deauthorized: (org) => `Zoom removed the app for ${org}`,
  org_misconfigured: (org) => `Zoom refuses the service's configuration for ${org}`,
  approval_link_expiring: (org) => `The Zoom approval link for ${org} expires within 24 hours`,
  org_disconnected: (org) => `Zoom for ${org} was disconnected`,
  personal_broken: () => 'Your personal Zoom connection needs to be reconnected',
};

export function alertTitle(alert: { kind: AlertKind }, orgName: string): string {
  return titles[alert.kind](orgName);
}

/** The email choices, as the options page lists them. */
export const alertTopicLabels: Record<AlertTopic, string> = {
  org_needs_reconnect: "The organization's Zoom needs to be reconnected",
  org_deauthorized: 'Zoom removed the app',
  org_misconfigured: "Zoom refuses the service's configuration",
  approval_link_expiring: 'An approval link expires within 24 hours unused',
  org_down: "The organization's Zoom I use stops working",
  personal_broken: 'My personal Zoom connection breaks',
};
