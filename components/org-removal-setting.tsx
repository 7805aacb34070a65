import { useId } from 'react';
import type { OrgZoomResponse } from '../lib/contracts/api';
import { useOrgRemovalSetting } from '../lib/extension/pages/org-lifecycle-queries';
import type { StoredSession } from '../lib/extension/shared/storage-items';

/** The org admins' switch for "Allow users to remove the org-level connection". */
export function OrgRemovalSetting({
  session,
  org,
}: {
  session: StoredSession;
  org: OrgZoomResponse;
}) {
  const setting = useOrgRemovalSetting(session);
  const id = useId();
  return (
    <div className="stack setting">
      <label className="row checkbox-label" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={org.settings.allowMemberRemoval}
          aria-checked={org.settings.allowMemberRemoval}
          aria-describedby={`${id}-help`}
          onChange={(event) => setting.mutate(event.currentTarget.checked)}
        />
        <span>Allow users to remove the org-level connection</span>
      </label>
      <span id={`${id}-help`} className="small muted">
        When on, members can stop using the organization's Zoom for themselves and add it back
        later. Turning it off puts everyone back on the organization's Zoom.
      </span>
      {setting.isSuccess && (
        <span role="status" className="small saved">
          Saved
        </span>
      )}
      {setting.isError && (
        <p className="notice notice-error" role="alert">
          Couldn't save the setting: {setting.error.message}
        </p>
      )}
    </div>
  );
}
