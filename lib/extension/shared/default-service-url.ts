/** The org service a build talks to when WXT_SERVICE_URL is not set. */
export const DEFAULT_SERVICE_URL = 'http://127.0.0.1:8787';
