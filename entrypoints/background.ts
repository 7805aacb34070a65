import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { listen } from '@/lib/extension/shared/messaging';
import { applyServiceUrlPolicy } from '@/lib/extension/shared/service-url';
import { sessionItem } from '@/lib/extension/shared/storage-items';
import { openAlertFromNotification } from '@/lib/extension/worker/alert-notifications';
import { createBackgroundServices } from '@/lib/extension/worker/background-handlers';
import { BADGE_ALARM, BADGE_PERIOD_MINUTES } from '@/lib/extension/worker/badge';

// Listeners are registered synchronously in main(): a worker woken by an event only delivers it
// to listeners that exist by the end of the first turn.
export default defineBackground(() => {
  const services = createBackgroundServices();

  listen(browser.runtime.onMessage, services.internal);
  listen(browser.runtime.onMessageExternal, services.external);

  const applyPolicy = () => applyServiceUrlPolicy().then(services.refreshBadge);
  browser.runtime.onStartup.addListener(() => void applyPolicy());
  browser.runtime.onInstalled.addListener(() => void applyPolicy());
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void applyPolicy();
  });

  sessionItem.watch(() => void services.refreshBadge());
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === BADGE_ALARM) void services.refreshBadge();
  });
  // Alarms may not survive a browser restart, so make sure ours exists on every worker start.
  void browser.alarms.get(BADGE_ALARM).then((alarm) => {
    if (!alarm) void browser.alarms.create(BADGE_ALARM, { periodInMinutes: BADGE_PERIOD_MINUTES });
  });

  // chrome.notifications exists only once the optional permission is granted (options page).
  const listenToNotifications = () => {
    const clicked = browser.notifications?.onClicked;
    if (clicked && !clicked.hasListener(openAlertFromNotification)) {
      clicked.addListener(openAlertFromNotification);
    }
  };
  listenToNotifications();
  browser.permissions.onAdded.addListener(() => {
    listenToNotifications();
    void services.refreshBadge();
  });

  void services.oauth.recoverOrphanedFlow();
});
