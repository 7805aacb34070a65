/**
 * The approval page's words, shared by the service's page (server/routes/approve-pages.ts) and
 * the extension's page (components/approval-page.tsx), so a Zoom admin reads the same thing
 * whichever of the two the link opens (issue 9, "One approval page").
 */

export interface ApprovalRequestFacts {
  orgName: string;
  requestedBy: { name: string; email: string };
}

export const approvalWords = {
  title: (orgName: string) => `${orgName} wants to connect Zoom`,
  asks: ({ orgName, requestedBy }: ApprovalRequestFacts) =>
    `${requestedBy.name} (${requestedBy.email}) asks a Zoom account Owner or Admin to connect ${orgName}'s Zoom account, so that every member can create Zoom meetings.`,
  accessHeading: 'What Zoom will allow',
  /** The org app's admin scopes (zoom-platform.md §2), as Zoom's consent screen words them. */
  access: [
    'View the users of your Zoom account (name, email, role)',
    'Create Zoom meetings for the users of your Zoom account',
    'View the invitations of the meetings it creates',
  ],
  nextHeading: 'What happens next',
  next: [
    'You sign in to Zoom and approve. Only a Zoom account Owner or Admin can; Zoom tells you if your account is not one.',
    'Then every member of the organization can create Zoom meetings. Members who already connected a personal Zoom keep it.',
  ],
  expires: 'This link expires',
  start: 'Sign in with Zoom',
  connectedTitle: 'Zoom is connected',
  connected: (orgName: string) => `Every member of ${orgName} can now use Zoom.`,
  connectedNote:
    'Members who already connected a personal Zoom account keep it. The Zoom account used for the connection must stay an Owner or Admin.',
  done: 'You can close this tab now.',
  close: 'Close this tab',
  backToConsole: 'Back to the console',
} as const;

/** Date and time options with the zone named ("Nov 29, 2026, 3:04 PM GMT+1"). */
export const localTimeOptions: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
};

/** A moment in the reader's time zone (or the given one), with the zone named. */
export function formatLocalTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, { ...localTimeOptions, timeZone }).format(
    new Date(iso),
  );
}
