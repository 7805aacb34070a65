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
  action?: { label: string; url: string };
  /** Paragraphs after it, small. */
  after: string[];
  attachments?: MailMessage['attachments'];
}

export function compose(mail: Mail): MailMessage {
  const text = [
    ...mail.lead,
    ...(mail.action ? [`${mail.action.label}: ${mail.action.url}`] : []),
    ...mail.after,
    '— Org Zoom Connect',
  ].join('\n\n');
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const button = mail.action
    ? `<p><a href="${escapeHtml(mail.action.url)}" style="display: inline-block; padding: 10px 16px; background: #0b5cff; color: #ffffff; border-radius: 6px; text-decoration: none">${escapeHtml(mail.action.label)}</a></p>
<p style="font-size: 13px; color: #57606a">Or open this link: ${escapeHtml(mail.action.url)}</p>`
    : '';
  const html = `<!doctype html>
<html lang="en"><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328">
${mail.lead.map(p).join('\n')}
${button}
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
