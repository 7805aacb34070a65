import type { OrgZoomResponse } from '../lib/contracts/api';

export interface OrgConnectPromptProps {
  org: OrgZoomResponse;
  onConnect: () => void;
  connecting: boolean;
}

function withStop(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Shown while there is no working org connection: what connecting does, in the seed's words. */
export function OrgConnectPrompt({ org, onConnect, connecting }: OrgConnectPromptProps) {
  return (
    <div className="stack">
      {org.state === 'disconnected' && (
        <div className="notice notice-warn stack">
          <strong>Zoom for your organization is disconnected.</strong>
          {org.stateReason && <span>{withStop(org.stateReason)}</span>}
          <span>
            Members on a personal Zoom connection keep it; everyone else has no Zoom until you
            connect again.
          </span>
        </div>
      )}
      <p>
        Connect Zoom for your organization to speed up onboarding, allowing all users to schedule
        Zoom meetings as soon as they sign up.
      </p>
      <p className="small muted">
        Only Zoom admins have the authority to approve and complete the integration. You will be
        provided a link to use for connecting Zoom. Send this to your Zoom administrator or continue
        if you are the Zoom administrator. If a user already has a personal Zoom account connected,
        that connection is not overwritten by the organization's Zoom account.
      </p>
      <div>
        <button
          type="button"
          className="button button-primary"
          onClick={onConnect}
          disabled={connecting}
        >
          Connect Zoom for my organization
        </button>
      </div>
    </div>
  );
}
