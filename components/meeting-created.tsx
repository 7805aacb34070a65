import { useEffect, useId, useRef, useState } from 'react';
import type { MeetingView } from '../lib/contracts/api';
import { copyText } from '../lib/extension/shared/page-actions';
import { formatDate, meetingFellBackText, meetingViaText } from './words';

export interface MeetingCreatedProps {
  meeting: MeetingView;
  onNewMeeting: () => void;
  /** Just created: focus moves to the result. A meeting shown again on reopening leaves it be. */
  focusOnShow?: boolean;
}

/** "zoom.us/j/812…" for reading; the `?pwd=` part only makes the link unreadable in a popup. */
export function shortJoinUrl(joinUrl: string): string {
  try {
    const url = new URL(joinUrl);
    return `${url.host}${url.pathname}`;
  } catch {
    return joinUrl;
  }
}

/**
 * The short join link with line breaks allowed only after a slash: a meeting number split over
 * two lines reads as two numbers.
 */
function JoinLinkText({ joinUrl }: { joinUrl: string }) {
  const parts = shortJoinUrl(joinUrl).split('/');
  return parts.map((part, index) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one URL, in order, never reordered.
    <span key={index}>
      <span className="nowrap">{part}</span>
      {index < parts.length - 1 && (
        <>
          /<wbr />
        </>
      )}
    </span>
  ));
}

type Copied = 'link' | 'invitation' | 'failed' | null;

const copiedText: Record<Exclude<Copied, null>, string> = {
  link: 'Link copied',
  invitation: 'Invitation copied',
  failed: "Couldn't copy: select the text under Show invitation",
};

/** Both copy buttons share one status line, so "copied" never pushes the other button around. */
function ShareButtons({ meeting }: { meeting: MeetingView }) {
  const [copied, setCopied] = useState<Copied>(null);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async (what: 'link' | 'invitation', text: string) =>
    setCopied((await copyText(text)) ? what : 'failed');

  return (
    <div className="stack meeting-share">
      <div className="row">
        <button
          type="button"
          className="button button-primary"
          onClick={() => void copy('invitation', meeting.invitation)}
        >
          Copy invitation
        </button>
        <button type="button" className="button" onClick={() => void copy('link', meeting.joinUrl)}>
          Copy link
        </button>
      </div>
      <span role="status" className="small muted">
        {copied ? copiedText[copied] : ''}
      </span>
    </div>
  );
}

/** The created meeting: what to share (join link, passcode, invitation) and which Zoom made it. */
export function MeetingCreated({ meeting, onNewMeeting, focusOnShow = true }: MeetingCreatedProps) {
  const headingId = useId();
  const heading = useRef<HTMLElement>(null);

  // The form that had focus is gone; keyboard and screen-reader users land on the result.
  useEffect(() => {
    if (focusOnShow) heading.current?.focus();
  }, [focusOnShow]);

  return (
    <article className="stack" aria-labelledby={headingId}>
      <div className="stack meeting-summary">
        <strong id={headingId} ref={heading} tabIndex={-1}>
          Meeting created
        </strong>
        <span>{meeting.topic}</span>
        <span className="small muted">
          {formatDate(meeting.startTime)} · {meeting.durationMinutes} min
        </span>
        <span className="small">{meetingViaText[meeting.via]}</span>
      </div>
      {meeting.fellBack && <p className="notice notice-warn">{meetingFellBackText}</p>}
      <dl className="details meeting-details">
        <dt>Join link</dt>
        <dd>
          <a
            href={meeting.joinUrl}
            target="_blank"
            rel="noreferrer"
            className="meeting-link"
            aria-label={shortJoinUrl(meeting.joinUrl)}
          >
            <JoinLinkText joinUrl={meeting.joinUrl} />
          </a>
        </dd>
        <dt>Passcode</dt>
        <dd>{meeting.passcode ? <code>{meeting.passcode}</code> : 'None'}</dd>
      </dl>
      <ShareButtons meeting={meeting} />
      <details className="small">
        <summary>Show invitation</summary>
        <textarea
          className="input meeting-invitation"
          readOnly
          rows={6}
          value={meeting.invitation}
          aria-label="Invitation"
        />
      </details>
      <div>
        <button type="button" className="button" onClick={onNewMeeting}>
          New meeting
        </button>
      </div>
    </article>
  );
}
