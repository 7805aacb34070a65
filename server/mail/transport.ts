import nodemailer from 'nodemailer';
import type { Env } from '../env';

/** One mail as the outbox stores it and the transport sends it: both bodies, always. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Text attachments, e.g. a booking's invite.ics (nodemailer's attachment fields). */
  attachments?: { filename: string; content: string; contentType: string }[];
}

/** Sends one mail or throws; the outbox decides what a failure means (server/mail/outbox.ts). */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Shorter than the outbox's lease (outbox.ts), so a claimed mail is never sent twice. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * SMTP through nodemailer (SMTP_URL, from MAIL_FROM). Without SMTP_URL — development only, as
 * production requires it (server/env.ts) — every send fails, so mail waits in the outbox.
 */
export function createMailer(env: Pick<Env, 'SMTP_URL' | 'MAIL_FROM'>): Mailer {
  if (!env.SMTP_URL) {
    return {
      send: () =>
        Promise.reject(new Error('SMTP_URL is not set: mail waits in the outbox until it is.')),
    };
  }
  const transport = nodemailer.createTransport({ url: env.SMTP_URL, ...TIMEOUTS });
  return {
    async send(message) {
      await transport.sendMail({ from: env.MAIL_FROM, ...message });
    },
  };
}
