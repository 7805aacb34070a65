import { type FormEvent, useId, useRef, useState } from 'react';
import type { CreateMeetingBody } from '../lib/contracts/api';
import { ErrorState } from './error-state';
import {
  defaultDuration,
  fromLocalInputValue,
  hasPassed,
  localTimeZone,
  meetingDurations,
  nextHalfHour,
  toLocalInputValue,
} from './meeting-time';

export interface NewMeetingFormProps {
  onCreate: (body: CreateMeetingBody) => void;
  onCancel: () => void;
  creating: boolean;
  /** The service's refusal; the form keeps what was typed so the member can retry. */
  error: Error | null;
}

interface FieldErrors {
  topic?: string;
  start?: string;
}

const TOPIC_MAX = 200;

function validate(topic: string, start: string, now: Date): FieldErrors {
  const errors: FieldErrors = {};
  if (topic.trim() === '') errors.topic = 'Give the meeting a topic.';
  else if (topic.trim().length > TOPIC_MAX) {
    errors.topic = `Keep the topic under ${TOPIC_MAX} characters.`;
  }
  const startDate = fromLocalInputValue(start);
  if (!startDate) errors.start = 'Pick the date and time the meeting starts.';
  else if (hasPassed(startDate, now)) errors.start = 'That time has passed. Pick a later start.';
  return errors;
}

/** "New Zoom meeting" in the popup: topic, start (local time) and duration. */
export function NewMeetingForm({ onCreate, onCancel, creating, error }: NewMeetingFormProps) {
  const [topic, setTopic] = useState('');
  const [start, setStart] = useState(() => toLocalInputValue(nextHalfHour(new Date())));
  const [duration, setDuration] = useState<number>(defaultDuration);
  const [errors, setErrors] = useState<FieldErrors>({});
  const topicRef = useRef<HTMLInputElement>(null);
  const startRef = useRef<HTMLInputElement>(null);
  const ids = { topic: useId(), start: useId() };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (creating) return;
    const found = validate(topic, start, new Date());
    setErrors(found);
    if (found.topic) return topicRef.current?.focus();
    const startDate = fromLocalInputValue(start);
    if (found.start || !startDate) return startRef.current?.focus();
    onCreate({
      topic: topic.trim(),
      startTime: startDate.toISOString(),
      durationMinutes: duration,
      timezone: localTimeZone(),
    });
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="New Zoom meeting">
      <div className="field-group">
        <label className="field">
          <span>Topic</span>
          <input
            ref={topicRef}
            className="input"
            // biome-ignore lint/a11y/noAutofocus: the form opens on request; its first field is next.
            autoFocus
            maxLength={TOPIC_MAX}
            value={topic}
            aria-invalid={errors.topic ? true : undefined}
            aria-describedby={errors.topic ? ids.topic : undefined}
            onChange={(e) => setTopic(e.target.value)}
          />
        </label>
        {errors.topic && (
          <span id={ids.topic} className="field-error">
            {errors.topic}
          </span>
        )}
      </div>
      <div className="field-group">
        <label className="field">
          <span>Start</span>
          <input
            ref={startRef}
            className="input"
            type="datetime-local"
            value={start}
            aria-invalid={errors.start ? true : undefined}
            aria-describedby={errors.start ? ids.start : undefined}
            onChange={(e) => setStart(e.target.value)}
          />
        </label>
        {errors.start && (
          <span id={ids.start} className="field-error">
            {errors.start}
          </span>
        )}
      </div>
      <label className="field meeting-duration">
        <span>Duration</span>
        <select
          className="input"
          value={duration}
          onChange={(e) => setDuration(Number(e.target.value))}
        >
          {meetingDurations.map((minutes) => (
            <option key={minutes} value={minutes}>
              {minutes} minutes
            </option>
          ))}
        </select>
      </label>
      {error && <ErrorState title="Couldn't create the meeting." error={error} />}
      <div className="row">
        <button type="submit" className="button button-primary" disabled={creating}>
          {creating && <span className="spinner" aria-hidden="true" />}
          {creating ? 'Creating…' : 'Create meeting'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={creating}>
          Cancel
        </button>
      </div>
    </form>
  );
}
