import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv, Deps } from '../deps';
import { page } from '../pages/layout';

/**
 * Where an alert mail's button leads (PUBLIC_URL/console). The console is the extension's
 * options page, and a web page or mail client may not open a chrome-extension:// address
 * (Chrome blocks it unless the page is web-accessible), so this page says how to get there.
 */
export function consolePageRoutes(deps: Deps) {
  return new Hono<AppEnv>().get('/console', (c) =>
    c.html(
      page(
        'Open Org Zoom Connect',
        html`<h1>Open Org Zoom Connect</h1>
          <p>
            Select the Org Zoom Connect icon in your browser's toolbar. Org owners and admins then
            select <strong>Open admin console</strong> and fix the organization's Zoom in
            <strong>Integrations &amp; apps → Zoom</strong>; members select
            <strong>Your Zoom setup</strong> to connect their personal Zoom.
          </p>
          <p class="muted">Alerts you get by email are chosen there too, under Email alerts.</p>
          ${
            deps.env.EXTENSION_INSTALL_URL
              ? html`<p><a href="${deps.env.EXTENSION_INSTALL_URL}">Install the extension</a></p>`
              : ''
          }`,
      ),
    ),
  );
}
