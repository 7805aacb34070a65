import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { sendToBackground } from '../shared/messaging';

const NOTIFICATIONS = { permissions: ['notifications' as const] };

export async function notificationsGranted(): Promise<boolean> {
  try {
    return await browser.permissions.contains(NOTIFICATIONS);
  } catch {
    return false;
  }
}

/**
 * Desktop notifications for alerts are an optional permission (wxt.config.ts): asked for only
 * when an admin turns them on, from that click (Chrome grants optional permissions only during a
 * user gesture: https://developer.chrome.com/docs/extensions/reference/api/permissions).
 */
export function useNotificationPermission() {
  const [granted, setGranted] = useState<boolean | null>(null);

  useEffect(() => {
    let active = true;
    void notificationsGranted().then((value) => {
      if (active) setGranted(value);
    });
    return () => {
      active = false;
    };
  }, []);

  const request = useCallback(async () => {
    const value = await browser.permissions.request(NOTIFICATIONS);
    setGranted(value);
    // The worker shows the open incidents now rather than at its next alarm.
    if (value) void sendToBackground({ type: 'badge/refresh' });
  }, []);

  const turnOff = useCallback(async () => {
    await browser.permissions.remove(NOTIFICATIONS);
    setGranted(false);
  }, []);

  return { granted, request, turnOff };
}
