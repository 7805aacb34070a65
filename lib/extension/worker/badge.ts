import { browser } from 'wxt/browser';
import type { AlertView } from '../../contracts/alerts';
import type { OrgZoomResponse } from '../../contracts/api';
import { alertTitle } from '../shared/alert-words';
import { isApiError } from '../shared/api-request';
import type { StoredSession } from '../shared/storage-items';
import type { WorkerApi } from '../shared/worker-api';
import { notifyNewAlerts } from './alert-notifications';

export const BADGE_ALARM = 'badge-refresh';
/** Alarms, not timers: a stopped worker wakes for them. Chrome's minimum period is 30 s. */
export const BADGE_PERIOD_MINUTES = 30;
const EXPIRY_WARNING_MS = 24 * 60 * 60_000;
const DEFAULT_TITLE = 'Org Zoom Connect';

export interface BadgeView {
  text: string;
  title: string;
}

const clear: BadgeView = { text: '', title: DEFAULT_TITLE };

const expired = (org: OrgZoomResponse): BadgeView => ({
  text: '!',
  title: `The Zoom approval link for ${org.orgName} has expired`,
});

/**
 * What the toolbar shows for an org admin; members and signed-out users get no badge. The org's
 * state comes from the service's one rule (lib/domain/effective-connection.ts): a break stays
 * `needs_reconnect` while a reconnect link is pending, and a link that ran out unused is reported
 * (`expiredLink`) instead of disappearing. An open incident the state does not show (Zoom removed
 * the app: `disconnected`; a configuration problem while `active`) warns too.
 */
export function badgeFor(
  org: OrgZoomResponse | null,
  now: number,
  alerts: AlertView[] = [],
): BadgeView {
  const fromState = badgeForState(org, now);
  if (fromState.text || !org) return fromState;
  const open = alerts.find((a) => a.resolvedAt === null && a.kind !== 'approval_link_expiring');
  return open ? { text: '!', title: alertTitle(open, org.orgName) } : clear;
}

function badgeForState(org: OrgZoomResponse | null, now: number): BadgeView {
  if (!org || org.state === 'active') return clear;
  if (org.state === 'needs_reconnect') {
    return { text: '!', title: `Zoom for ${org.orgName} needs to be reconnected` };
  }
  if (org.pendingLink) {
    const left = Date.parse(org.pendingLink.expiresAt) - now;
    if (left <= 0) return expired(org);
    if (left < EXPIRY_WARNING_MS) {
      return {
        text: '!',
        title: `The Zoom approval link for ${org.orgName} expires within 24 hours`,
      };
    }
    return clear;
  }
  return org.expiredLink ? expired(org) : clear;
}

export async function showBadge(view: BadgeView): Promise<void> {
  await Promise.all([
    browser.action.setBadgeText({ text: view.text }),
    browser.action.setTitle({ title: view.title }),
    view.text ? browser.action.setBadgeBackgroundColor({ color: '#d93025' }) : Promise.resolve(),
  ]);
}

export interface BadgeDeps {
  session: () => Promise<StoredSession | null>;
  api: (session: StoredSession) => WorkerApi;
  now?: () => number;
}

export async function refreshBadge(deps: BadgeDeps): Promise<BadgeView> {
  const session = await deps.session();
  if (!session || session.membership.role === 'user') {
    await showBadge(clear);
    return clear;
  }
  try {
    const api = deps.api(session);
    const [org, { alerts }] = await Promise.all([api.orgZoom(), api.orgAlerts()]);
    const view = badgeFor(org, (deps.now ?? Date.now)(), alerts);
    await showBadge(view);
    await notifyNewAlerts(alerts, org.orgName);
    return view;
  } catch (error) {
    // Signed out elsewhere or demoted: nothing to warn about. Other failures keep the last badge.
    if (isApiError(error) && (error.status === 401 || error.status === 403)) {
      await showBadge(clear);
      return clear;
    }
    throw error;
  }
}
