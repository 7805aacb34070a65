import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Content = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The service's few pages (approval landing, results) share one plain, accessible shell. */
export function page(title: string, body: Content, opts: { script?: string } = {}) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · Org Zoom Connect</title>
    <link rel="stylesheet" href="/assets/page.css" />
    ${opts.script ? html`<script type="module" src="/assets/${opts.script}"></script>` : ''}
  </head>
  <body>
    <main class="card">
      <p class="brand">Org Zoom Connect</p>
      ${body}
    </main>
  </body>
</html>`;
}

export function messagePage(title: string, message: string, next?: string) {
  return page(
    title,
    html`<h1>${title}</h1>
      <p>${message}</p>
      ${next ? html`<p class="muted">${next}</p>` : ''}`,
  );
}
