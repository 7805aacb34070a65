import { browser } from 'wxt/browser';
import type { AlertView } from '../../contracts/alerts';
import { alertTitle } from '../shared/alert-words';
import { shownAlertIdsItem } from '../shared/storage-items';

/**
 * Desktop notifications for an org admin's open incidents, where they allowed them: the
 * "notifications" permission is optional (wxt.config.ts), asked for from the options page
 * (components/alert-settings.tsx), so without it this does nothing. Each incident is shown once:
 * the ids shown are kept in storage, as the worker stops between badge refreshes.
 */

/** Enough to cover every incident still open; older ids are dropped first. */
const REMEMBERED = 100;
export const NOTIFICATION_PREFIX = 'alert:';

export async function notificationsAllowed(): Promise<boolean> {
  try {
    return await browser.permissions.contains({ permissions: ['notifications'] });
  } catch {
    return false;
  }
}

/** Shows the open incidents not shown before; returns the ids it showed. */
export async function notifyNewAlerts(alerts: AlertView[], orgName: string): Promise<string[]> {
  const open = alerts.filter((a) => a.resolvedAt === null);
  if (open.length === 0 || !(await notificationsAllowed())) return [];
  const shown = await shownAlertIdsItem.getValue();
  const fresh = open.filter((a) => !shown.includes(a.id));
  if (fresh.length === 0) return [];
  // Recorded before showing: a worker stopped in between loses a notification rather than
  // showing it twice, which is the promise ("once").
  await shownAlertIdsItem.setValue([...shown, ...fresh.map((a) => a.id)].slice(-REMEMBERED));
  for (const alert of fresh) {
    await browser.notifications.create(`${NOTIFICATION_PREFIX}${alert.id}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: alertTitle(alert, orgName),
      message: alert.reason,
      priority: 1,
    });
  }
  return fresh.map((a) => a.id);
}

/** A click on one of ours opens the console, where the incident and its fix are. */
export function openAlertFromNotification(notificationId: string): void {
  if (!notificationId.startsWith(NOTIFICATION_PREFIX)) return;
  void browser.runtime.openOptionsPage();
  void browser.notifications.clear(notificationId);
}
