import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';

export function originPattern(serviceUrl: string): string {
  return `${new URL(serviceUrl).origin}/*`;
}

export async function hasHostPermission(serviceUrl: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [originPattern(serviceUrl)] });
  } catch {
    return false;
  }
}

/**
 * A service URL set by policy may be outside the manifest's host_permissions; the grant comes
 * from optional_host_permissions and must be requested from a click (a user gesture).
 */
export function useHostPermission(serviceUrl: string | null) {
  const [granted, setGranted] = useState<boolean | null>(null);

  useEffect(() => {
    if (!serviceUrl) return;
    let active = true;
    void hasHostPermission(serviceUrl).then((value) => {
      if (active) setGranted(value);
    });
    return () => {
      active = false;
    };
  }, [serviceUrl]);

  const request = useCallback(async () => {
    if (!serviceUrl) return;
    // No await before this call: Chrome only shows the prompt during the click's user gesture.
    const value = await browser.permissions
      .request({ origins: [originPattern(serviceUrl)] })
      .catch(() => false);
    setGranted(value);
  }, [serviceUrl]);

  return { granted, request };
}
