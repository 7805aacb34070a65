import { useId } from 'react';
import type { AlertPreference } from '../lib/contracts/alerts';
import { useAlertPreferences, useSetAlertPreference } from '../lib/extension/pages/alert-queries';
import { useNotificationPermission } from '../lib/extension/pages/notification-permission';
import { isAdmin } from '../lib/extension/pages/queries';
import { alertTopicLabels } from '../lib/extension/shared/alert-words';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { ErrorState } from './error-state';
import { LoadingState } from './loading-state';

/**
 * Each person's choice of which alerts reach them by email (all on until they say otherwise),
 * and for org admins the toolbar's desktop notifications, an optional permission.
 */
export function AlertSettings({ session }: { session: StoredSession }) {
  const preferences = useAlertPreferences(session);
  const save = useSetAlertPreference(session);

  const body = () => {
    if (preferences.isPending) return <LoadingState label="Loading your email alerts…" />;
    if (preferences.isError) {
      return (
        <ErrorState
          title="Couldn't load your email alerts."
          error={preferences.error}
          onRetry={() => void preferences.refetch()}
        />
      );
    }
    return (
      <fieldset className="stack switch-group" disabled={save.isPending}>
        <legend className="small muted">Email me when:</legend>
        {preferences.data.preferences.map((p) => (
          <TopicSwitch key={p.topic} preference={p} onChange={(value) => save.mutate(value)} />
        ))}
      </fieldset>
    );
  };

  return (
    <section className="card stack" aria-labelledby="email-alerts-heading">
      <h2 id="email-alerts-heading">Email alerts</h2>
      <p className="small muted">
        One email when something breaks and one when it is fixed, never one per check.
      </p>
      {body()}
      {save.isSuccess && (
        <span role="status" className="small saved">
          Saved
        </span>
      )}
      {save.isError && (
        <p className="notice notice-error" role="alert">
          Couldn't save your choice: {save.error.message}
        </p>
      )}
      {isAdmin(session) && <DesktopNotifications />}
    </section>
  );
}

function TopicSwitch({
  preference,
  onChange,
}: {
  preference: AlertPreference;
  onChange: (value: AlertPreference) => void;
}) {
  const id = useId();
  return (
    <label className="row checkbox-label" htmlFor={id}>
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={preference.email}
        aria-checked={preference.email}
        onChange={(event) =>
          onChange({ topic: preference.topic, email: event.currentTarget.checked })
        }
      />
      <span>{alertTopicLabels[preference.topic]}</span>
    </label>
  );
}

function DesktopNotifications() {
  const permission = useNotificationPermission();
  if (permission.granted === null) return null;
  return (
    <div className="stack setting">
      <h3 className="small">Desktop notifications</h3>
      {permission.granted ? (
        <div className="row">
          <span className="small">
            On: this browser shows each new alert for your organization once.
          </span>
          <span className="spacer" />
          <button type="button" className="link-button" onClick={() => void permission.turnOff()}>
            Turn off desktop notifications
          </button>
        </div>
      ) : (
        <div className="row">
          <span className="small muted">
            Also show alerts for your organization as a desktop notification in this browser.
          </span>
          <span className="spacer" />
          <button type="button" className="button" onClick={() => void permission.request()}>
            Turn on desktop notifications
          </button>
        </div>
      )}
    </div>
  );
}
