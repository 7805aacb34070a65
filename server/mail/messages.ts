import type { OrgRole } from '../../lib/contracts/api';
import type { MailMessage } from './transport';

/**
 * Every mail the service sends, as text and HTML with the same words. The product's words are
 * the seed article's: "Zoom", "Organization". Values are escaped in the HTML; links are the
 * service's own (PUBLIC_URL).
 */

const roleWord: Record<OrgRole, string> = {
  owner: 'an owner',
  admin: 'an admin',
  user: 'a member',
};

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );
}

export interface Mail {
  to: string;
  subject: string;
  /** Paragraphs before the button; plain text. */
  lead: string[];
  /** The button, when the mail has something to open. */
  action?: { label: string; url: string };
  /** Paragraphs after it, small. */
  after: string[];
  attachments?: MailMessage['attachments'];
}

function actionHtml(action: { label: string; url: string }): string {
  return `<p><a href="${escapeHtml(action.url)}" style="display: inline-block; padding: 10px 16px; background: #0b5cff; color: #ffffff; border-radius: 6px; text-decoration: none">${escapeHtml(action.label)}</a></p>
<p style="font-size: 13px; color: #57606a">Or open this link: ${escapeHtml(action.url)}</p>`;
}

export function compose(mail: Mail): MailMessage {
  const text = [
    ...mail.lead,
    ...(mail.action ? [`${mail.action.label}: ${mail.action.url}`] : []),
    ...mail.after,
    '— Org Zoom Connect',
  ].join('\n\n');
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const html = `<!doctype html>
<html lang="en"><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328">
${mail.lead.map(p).join('\n')}
${mail.action ? actionHtml(mail.action) : ''}
${mail.after.map((s) => `<p style="font-size: 13px; color: #57606a">${escapeHtml(s)}</p>`).join('\n')}
<p style="font-size: 13px; color: #57606a">— Org Zoom Connect</p>
</body></html>`;
  return {
    to: mail.to,
    subject: mail.subject,
    text,
    html,
    ...(mail.attachments ? { attachments: mail.attachments } : {}),
  };
}

export function invitationMail(input: {
  to: string;
  orgName: string;
  invitedBy: string;
  role: OrgRole;
  url: string;
  expiresAt: Date;
}): MailMessage {
  return compose({
    to: input.to,
    subject: `${input.invitedBy} invited you to ${input.orgName}`,
    lead: [
      `${input.invitedBy} invited you to join ${input.orgName} on Org Zoom Connect as ${roleWord[input.role]}.`,
      "Create your account to get your organization's Zoom: meetings with Zoom details, without connecting Zoom yourself.",
    ],
    action: { label: 'Create your account', url: input.url },
    after: [
      `This invitation works once and expires on ${input.expiresAt.toUTCString()}.`,
      "If you weren't expecting it, ignore this email.",
    ],
  });
}

export function verificationMail(input: {
  to: string;
  name: string;
  orgName: string;
  url: string;
  hours: number;
}): MailMessage {
  return compose({
    to: input.to,
    subject: 'Verify your email for Org Zoom Connect',
    lead: [
      `Hi ${input.name},`,
      `Confirm that ${input.to} is your email to use ${input.orgName}'s Zoom. Until you do, meetings can't be created with your organization's Zoom.`,
    ],
    action: { label: 'Verify your email', url: input.url },
    after: [
      `The link works once, for ${input.hours} hours.`,
      "If you didn't create an account, ignore this email: nothing is verified without the link.",
    ],
  });
}

export function passwordResetMail(input: {
  to: string;
  name: string;
  url: string;
  minutes: number;
}): MailMessage {
  return compose({
    to: input.to,
    subject: 'Reset your Org Zoom Connect password',
    lead: [
      `Hi ${input.name},`,
      `Someone asked to reset the password of ${input.to} on Org Zoom Connect. If it was you, choose a new password:`,
    ],
    action: { label: 'Choose a new password', url: input.url },
    after: [
      `The link works once, for ${input.minutes} minutes. Choosing a new password signs you out everywhere.`,
      "If you didn't ask, ignore this email: your password stays as it is.",
    ],
  });
}

export function passwordChangedMail(input: {
  to: string;
  name: string;
  how: 'reset' | 'changed';
  resetUrl: string;
}): MailMessage {
  return compose({
    to: input.to,
    subject: 'Your Org Zoom Connect password was changed',
    lead: [
      `Hi ${input.name},`,
      input.how === 'reset'
        ? `The password of ${input.to} was reset through a link sent to this email, and every device was signed out.`
        : `The password of ${input.to} was changed, and your other devices were signed out.`,
      "If this wasn't you, reset your password now: that signs everyone out.",
    ],
    action: { label: 'Reset your password', url: input.resetUrl },
    after: ['If it was you, there is nothing to do.'],
  });
}

/**
 * To the account owner when repeated wrong passwords locked their sign-in (domain/sign-in-limits.ts).
 * Says what happened, until when, and what to do; nothing secret and nothing about who tried.
 */
export function signInLockedMail(input: {
  to: string;
  name: string;
  orgName: string;
  failures: number;
  lockedUntil: Date;
  /** Where to ask for a password reset link (PUBLIC_URL/reset). */
  resetUrl: string;
}): MailMessage {
  return compose({
    to: input.to,
    subject: 'Sign-in to Org Zoom Connect paused after wrong passwords',
    lead: [
      `Hi ${input.name},`,
      `Someone entered a wrong password for ${input.to} ${input.failures} times, so signing in to your ${input.orgName} account is paused until ${input.lockedUntil.toUTCString()}. Until then even the right password is refused.`,
      'If it was you: wait until then and sign in again in the Org Zoom Connect extension. If you no longer know your password, reset it: a link is mailed to this address, and it works while sign-in is paused.',
      `If it wasn't you: your password was not accepted and nothing in your account changed. You need do nothing; if it keeps happening, reset your password or tell an owner or admin of ${input.orgName}.`,
    ],
    action: { label: 'Reset your password', url: input.resetUrl },
    after: ['We send this at most once a day.'],
  });
}
