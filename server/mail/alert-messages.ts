import type { AlertKind } from '../../lib/contracts/alerts';
import { compose } from './messages';
import type { MailMessage } from './transport';

/**
 * The alert mails (server/domain/alerts.ts): one when an incident opens, one when it is resolved,
 * in the seed article's words ("Zoom", "Integrations & apps", "Connect Zoom for my organization").
 * Org admins read what broke and how to fix it; members read what it means for their meetings
 * and who is fixing it.
 */

export interface AlertMailInput {
  to: string;
  name: string;
  orgName: string;
  kind: AlertKind;
  audience: 'admin' | 'member';
  reason: string;
  /** The org's owners and admins, by name: who fixes an org incident. */
  fixers: string[];
  /** For a broken personal connection: the Zoom meetings use now. */
  nowUsing?: 'organization' | 'none';
  /** Where to fix it: the console page, or the approval link itself for an expiring link. */
  url: string;
}

const CHOOSE =
  'You get this email once per incident. Choose which alerts you get by email in Org Zoom Connect, under Email alerts.';

function names(people: string[]): string {
  if (people.length === 0) return "your organization's owners and admins";
  if (people.length === 1) return people[0] ?? '';
  return `${people.slice(0, -1).join(', ')} and ${people.at(-1)}`;
}

const openConsole = (url: string) => ({ label: 'Open Integrations & apps → Zoom', url });

export function alertOpenedMail(input: AlertMailInput): MailMessage {
  const hi = `Hi ${input.name},`;
  const org = input.orgName;
  const base = { to: input.to, after: [CHOOSE] };
  if (input.audience === 'member') return memberOpenedMail(input, hi);
  switch (input.kind) {
    case 'org_needs_reconnect':
      return compose({
        ...base,
        subject: `Zoom for ${org} needs to be reconnected`,
        lead: [
          hi,
          `Zoom for ${org} stopped working: ${input.reason}`,
          "Until it is reconnected, members without a personal Zoom can't create Zoom meetings. Open Integrations & apps → Zoom, select Connect Zoom for my organization, and have a Zoom account Owner or Admin approve the link.",
        ],
        action: openConsole(input.url),
        after: ["We'll email you once more when Zoom works again.", CHOOSE],
      });
    case 'org_deauthorized':
      return compose({
        ...base,
        subject: `Zoom removed the app for ${org}`,
        lead: [
          hi,
          `The Org Zoom Connect app was removed in Zoom, so Zoom for ${org} is disconnected and its tokens are deleted.`,
          "Members without a personal Zoom can't create Zoom meetings until a Zoom account Owner or Admin approves a new link: open Integrations & apps → Zoom and select Connect Zoom for my organization.",
        ],
        action: openConsole(input.url),
        after: ["We'll email you once more when Zoom works again.", CHOOSE],
      });
    case 'org_misconfigured':
      return compose({
        ...base,
        subject: `Zoom refuses the service's configuration for ${org}`,
        lead: [
          hi,
          input.reason,
          "Nothing needs reconnecting: the connection is kept, and Zoom works again once the service's configuration is fixed. Tell whoever runs your Org Zoom Connect service.",
        ],
        action: openConsole(input.url),
        after: ["We'll email you once more when Zoom accepts it again.", CHOOSE],
      });
    case 'approval_link_expiring':
      return compose({
        ...base,
        subject: `The Zoom approval link for ${org} expires within 24 hours`,
        lead: [
          hi,
          `${input.reason} Send it to a Zoom account Owner or Admin now, or ask for a new one in Integrations & apps → Zoom.`,
        ],
        action: { label: 'Open the approval link', url: input.url },
        after: [CHOOSE],
      });
    default:
      return memberOpenedMail(input, hi);
  }
}

function memberOpenedMail(input: AlertMailInput, hi: string): MailMessage {
  const org = input.orgName;
  const after = [CHOOSE];
  if (input.kind === 'personal_broken') {
    return compose({
      to: input.to,
      subject: 'Your personal Zoom connection needs to be reconnected',
      lead: [
        hi,
        input.reason,
        input.nowUsing === 'organization'
          ? `Meanwhile your meetings use ${org}'s Zoom (Type: Organization).`
          : "Meanwhile you have no working Zoom: your meetings can't get Zoom details until you connect your personal Zoom again.",
      ],
      action: { label: 'Connect your personal Zoom', url: input.url },
      after,
    });
  }
  if (input.kind === 'org_disconnected') {
    return compose({
      to: input.to,
      subject: `Zoom for ${org} was disconnected`,
      lead: [
        hi,
        `${input.reason}, so your meetings no longer get Zoom details from ${org}'s Zoom.`,
        `To keep creating Zoom meetings, connect your personal Zoom, or ask ${names(input.fixers)} to connect Zoom for the organization again.`,
      ],
      action: { label: 'Open Org Zoom Connect', url: input.url },
      after,
    });
  }
  return compose({
    to: input.to,
    subject: `Zoom for ${org} isn't working right now`,
    lead: [
      hi,
      `${org}'s Zoom, which your meetings use, stopped working, so new meetings can't get Zoom details from it.`,
      `${names(input.fixers)} (your organization's owners and admins) have been told and are fixing it. Meanwhile you can connect your personal Zoom.`,
    ],
    action: { label: 'Open Org Zoom Connect', url: input.url },
    after: ["We'll email you once more when it works again.", ...after],
  });
}

export function alertResolvedMail(input: AlertMailInput & { resolution: string }): MailMessage {
  const hi = `Hi ${input.name},`;
  const org = input.orgName;
  const after = ['Nothing else to do.', CHOOSE];
  if (input.kind === 'personal_broken') {
    return compose({
      to: input.to,
      subject: 'Resolved: your personal Zoom is connected again',
      lead: [hi, `${input.resolution}. Your meetings use your personal Zoom again.`],
      action: { label: 'Open Org Zoom Connect', url: input.url },
      after,
    });
  }
  if (input.kind === 'org_misconfigured') {
    return compose({
      to: input.to,
      subject: `Resolved: Zoom accepts the service's configuration for ${org} again`,
      lead: [hi, `${input.resolution}. Zoom for ${org} works again.`],
      action: openConsole(input.url),
      after,
    });
  }
  if (input.kind === 'approval_link_expiring') {
    return compose({
      to: input.to,
      subject: `Resolved: Zoom for ${org} is connected`,
      lead: [
        hi,
        `${input.resolution}, so the approval link was used in time. Members get Zoom meeting details from ${org}'s Zoom.`,
      ],
      action: openConsole(input.url),
      after,
    });
  }
  if (input.audience === 'member') {
    return compose({
      to: input.to,
      subject: `Resolved: Zoom for ${org} works again`,
      lead: [hi, `${input.resolution}. Your meetings get Zoom details from ${org}'s Zoom again.`],
      action: { label: 'Open Org Zoom Connect', url: input.url },
      after,
    });
  }
  return compose({
    to: input.to,
    subject: `Resolved: Zoom for ${org} works again`,
    lead: [
      hi,
      `${input.resolution}. Zoom for ${org} works again: members get Zoom meeting details as before.`,
    ],
    action: openConsole(input.url),
    after,
  });
}
