/**
 * The console's sections other than the member table, loaded after the options page's first
 * paint (options-page.tsx): an admin opens the console for the table, and these sections' code
 * (forms, dialogs, their queries and contracts) need not be compiled before its first rows show.
 */
export { AccountSecurity } from './account-security';
export { ActivityLog } from './activity-log';
export { AlertSettings } from './alert-settings';
export { EventTypes } from './event-types';
export { InvitePeople } from './invite-people';
export { MyZoomSetup } from './my-zoom-setup';
export { OrgAlerts } from './org-alerts';
export { OrgConnectionCard } from './org-connection-card';
export { OrgDangerZone } from './org-danger-zone';
