import { type FormEvent, useId, useState } from 'react';
import {
  type CreateEventTypeBody,
  DEFAULT_AVAILABILITY,
  type EventLocation,
  type EventTypeView,
  type LocationKind,
  locationKinds,
  locationLabels,
} from '../lib/contracts/event-types';
import { AvailabilityEditor, availabilityOf, weekOf, weekProblem } from './availability-editor';

const DURATIONS = [15, 30, 45, 60, 90];
const detailLabel: Record<Exclude<LocationKind, 'zoom'>, string> = {
  phone: 'Phone number',
  in_person: 'Address',
  link: 'Link (https://…)',
};

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * Create or edit an event type: name, duration, location, and the times of each weekday in the
 * member's time zone. The service checks everything again (400 with words).
 */
export function EventTypeForm({
  initial,
  zoomByDefault,
  saving,
  error,
  onSave,
  onCancel,
}: {
  initial?: EventTypeView;
  zoomByDefault: boolean;
  saving: boolean;
  error: string | null;
  onSave: (body: CreateEventTypeBody) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const windows = initial?.availability ?? DEFAULT_AVAILABILITY;
  const [name, setName] = useState(initial?.name ?? '');
  const [duration, setDuration] = useState(initial?.durationMinutes ?? 30);
  const [kind, setKind] = useState<LocationKind>(
    initial?.location.kind ?? (zoomByDefault ? 'zoom' : 'phone'),
  );
  const [detail, setDetail] = useState(initial?.location.detail ?? '');
  const [timezone, setTimezone] = useState(initial?.timezone ?? browserTimeZone());
  const [week, setWeek] = useState(() => weekOf(windows));
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wrong = weekProblem(week);
    setProblem(wrong);
    if (wrong) return;
    const location = (kind === 'zoom' ? { kind } : { kind, detail }) as EventLocation;
    onSave({
      name,
      durationMinutes: duration,
      location,
      timezone,
      availability: availabilityOf(week),
    });
  };

  return (
    <form
      className="stack"
      onSubmit={submit}
      aria-label={initial ? `Edit ${initial.name}` : 'New event type'}
    >
      <label className="field">
        <span>Name</span>
        <input
          className="input"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <div className="row">
        <label className="field">
          <span>Duration</span>
          <select
            className="input"
            value={duration}
            onChange={(e) => setDuration(Number(e.target.value))}
          >
            {[...new Set([...DURATIONS, duration])]
              .sort((a, b) => a - b)
              .map((minutes) => (
                <option key={minutes} value={minutes}>
                  {minutes} minutes
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          <span>Location</span>
          <select
            className="input"
            value={kind}
            onChange={(e) => setKind(e.target.value as LocationKind)}
          >
            {locationKinds.map((k) => (
              <option key={k} value={k}>
                {locationLabels[k]}
              </option>
            ))}
          </select>
        </label>
        {kind !== 'zoom' && (
          <label className="field grow">
            <span>{detailLabel[kind]}</span>
            <input
              className="input"
              required
              type={kind === 'link' ? 'url' : 'text'}
              value={detail}
              onChange={(e) => setDetail(e.target.value)}
            />
          </label>
        )}
      </div>
      {kind === 'zoom' && (
        <p className="small muted">
          Each booking gets its own Zoom meeting through your Zoom, shared with the invitee
          automatically.
        </p>
      )}
      <fieldset className="field-group">
        <legend>Available on</legend>
        <AvailabilityEditor week={week} onChange={setWeek} />
        <div className="row">
          <label className="field grow">
            <span>Time zone</span>
            <input
              className="input"
              required
              value={timezone}
              aria-describedby={`${id}-tz`}
              onChange={(e) => setTimezone(e.target.value)}
            />
          </label>
        </div>
        <span id={`${id}-tz`} className="small muted">
          An IANA time zone, like Europe/Berlin. Invitees see times in their own.
        </span>
      </fieldset>
      {(problem ?? error) && (
        <p role="alert" className="error-text">
          {problem ?? error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving && <span className="spinner" aria-hidden="true" />}
          {initial ? 'Save' : 'Create event type'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}
