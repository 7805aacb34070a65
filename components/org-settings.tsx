import type { UseMutationResult } from '@tanstack/react-query';
import { useId } from 'react';
import type { OrgZoomResponse } from '../lib/contracts/api';
import {
  useOrgRemovalSetting,
  useZoomDefaultLocationSetting,
} from '../lib/extension/pages/org-lifecycle-queries';
import type { StoredSession } from '../lib/extension/shared/storage-items';

type Props = { session: StoredSession; org: OrgZoomResponse };

/** The org admins' switch for "Allow users to remove the org-level connection". */
export function OrgRemovalSetting({ session, org }: Props) {
  return (
    <SettingSwitch
      mutation={useOrgRemovalSetting(session)}
      checked={org.settings.allowMemberRemoval}
      label="Allow users to remove the org-level connection"
      help="When on, members can stop using the organization's Zoom for themselves and add it back later. Turning it off puts everyone back on the organization's Zoom."
    />
  );
}

/** The org admins' switch for "Make Zoom the default location for new event types". */
export function ZoomDefaultLocationSetting({ session, org }: Props) {
  return (
    <SettingSwitch
      mutation={useZoomDefaultLocationSetting(session)}
      checked={org.settings.zoomDefaultLocation}
      label="Make Zoom the default location for new event types"
      help="New event types start with Zoom as their location: each booking gets its own Zoom meeting, shared with the invitee automatically. Existing event types keep theirs."
    />
  );
}

function SettingSwitch({
  mutation,
  checked,
  label,
  help,
}: {
  mutation: UseMutationResult<OrgZoomResponse, Error, boolean, unknown>;
  checked: boolean;
  label: string;
  help: string;
}) {
  const id = useId();
  return (
    <div className="stack setting">
      <label className="row checkbox-label" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={checked}
          aria-checked={checked}
          aria-describedby={`${id}-help`}
          onChange={(event) => mutation.mutate(event.currentTarget.checked)}
        />
        <span>{label}</span>
      </label>
      <span id={`${id}-help`} className="small muted">
        {help}
      </span>
      {mutation.isSuccess && (
        <span role="status" className="small saved">
          Saved
        </span>
      )}
      {mutation.isError && (
        <p className="notice notice-error" role="alert">
          Couldn't save the setting: {mutation.error.message}
        </p>
      )}
    </div>
  );
}
