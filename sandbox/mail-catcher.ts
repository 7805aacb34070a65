import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A local mail catcher for development and the tests: an SMTP server (smtp-server) that keeps
 * every mail in memory, parsed (mailparser), and a web inbox with a JSON API beside it. Nothing
 * leaves the machine. `npm run dev` / `npm run service` start one and print the inbox's URL.
 *
 * JSON: `GET /api/messages[?to=address]` (newest first), `GET /api/messages/:id`,
 * `DELETE /api/messages` (empties the inbox).
 */

export interface CaughtMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Attachments as text (e.g. a meeting's invite.ics). */
  attachments: { filename: string; contentType: string; content: string }[];
  receivedAt: string;
}

export interface RunningMailCatcher {
  /** For SMTP_URL: smtp://host:port. */
  smtpUrl: string;
  /** The web inbox. */
  webUrl: string;
  messages(): CaughtMail[];
  clear(): void;
  close(): Promise<void>;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}

/** Escaped text with its http(s) links made clickable. */
function linkified(text: string) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return parts.map((part, i) =>
    i % 2 === 1 ? html`<a href="${part}">${part}</a>` : html`${part}`,
  );
}

const css = `body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #d0d7de}
pre{white-space:pre-wrap;background:#f6f8fa;padding:1rem}iframe{width:100%;height:420px;border:1px solid #d0d7de}
a:focus-visible,button:focus-visible{outline:3px solid #0b5cff;outline-offset:2px}`;

function shell(title: string, body: ReturnType<typeof html>) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>${title} · Mail catcher</title>
<style>${raw(css)}</style></head>
<body><main>${body}</main></body></html>`;
}

function webApp(inbox: CaughtMail[]) {
  const newestFirst = () => [...inbox].reverse();
  return new Hono()
    .get('/', (c) =>
      c.html(
        shell(
          'Inbox',
          html`<h1>Mail catcher</h1>
            <p>Every mail the org service sent, newest first. Nothing leaves this machine.</p>
            ${
              inbox.length === 0
                ? html`<p>No mail yet.</p>`
                : html`<table aria-label="Mail">
                    <thead><tr><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Received</th></tr></thead>
                    <tbody>
                      ${newestFirst().map(
                        (m) =>
                          html`<tr><td>${m.to.join(', ')}</td><td><a href="/messages/${m.id}">${m.subject}</a></td><td>${m.receivedAt}</td></tr>`,
                      )}
                    </tbody>
                  </table>`
            }`,
        ),
      ),
    )
    .get('/messages/:id', (c) => {
      const m = inbox.find((x) => x.id === c.req.param('id'));
      if (!m) return c.html(shell('Not found', html`<h1>No such mail</h1>`), 404);
      return c.html(
        shell(
          m.subject,
          html`<p><a href="/">All mail</a></p>
            <h1>${m.subject}</h1>
            <p>From ${m.from} to ${m.to.join(', ')}, ${m.receivedAt}</p>
            <h2>Text</h2>
            <pre>${linkified(m.text)}</pre>
            <h2>HTML</h2>
            <iframe title="HTML body" sandbox="" srcdoc="${m.html}"></iframe>`,
        ),
      );
    })
    .get('/api/messages', (c) => {
      const to = c.req.query('to')?.toLowerCase();
      return c.json(newestFirst().filter((m) => !to || m.to.includes(to)));
    })
    .get('/api/messages/:id', (c) => {
      const m = inbox.find((x) => x.id === c.req.param('id'));
      return m
        ? c.json(m)
        : c.json({ error: { code: 'not_found', message: 'No such mail.' } }, 404);
    })
    .delete('/api/messages', (c) => {
      inbox.length = 0;
      return c.body(null, 204);
    });
}

export async function startMailCatcher(
  opts: { host?: string; smtpPort?: number; webPort?: number } = {},
): Promise<RunningMailCatcher> {
  const host = opts.host ?? '127.0.0.1';
  const inbox: CaughtMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    // Any user and password: SMTP_URL may carry credentials; the catcher only listens locally.
    onAuth: (_auth, _session, callback) => callback(null, { user: 'catcher' }),
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          inbox.push({
            id: randomUUID(),
            from: addresses(parsed.from)[0] ?? '',
            to: addresses(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            attachments: parsed.attachments.map((a) => ({
              filename: a.filename ?? '',
              contentType: a.contentType,
              content: a.content.toString('utf8'),
            })),
            receivedAt: new Date().toISOString(),
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(opts.smtpPort ?? 0, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const web = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: webApp(inbox).fetch, hostname: host, port: opts.webPort ?? 0 }, () =>
      resolve(s),
    );
  });
  const webPort = (web.address() as AddressInfo).port;
  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    webUrl: `http://${host}:${webPort}`,
    messages: () => [...inbox],
    clear: () => {
      inbox.length = 0;
    },
    close: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
  };
}
