import { useRef, useState } from 'react';
import { useCreateMeeting } from '../lib/extension/pages/meeting-queries';
import { useStorageItem } from '../lib/extension/pages/use-storage-item';
import { lastMeetingItem, type StoredSession } from '../lib/extension/shared/storage-items';
import { MeetingCreated } from './meeting-created';
import { NewMeetingForm } from './new-meeting-form';

/**
 * The popup's meetings card (PRODUCT.md §6): a button, then the form, then the created meeting.
 * Shown only while the member has an active Zoom connection.
 */
/** How long a created meeting stays on the card after the popup was closed and reopened. */
export const LAST_MEETING_MS = 60 * 60_000;

export function NewZoomMeeting({ session }: { session: StoredSession }) {
  const create = useCreateMeeting(session);
  const [open, setOpen] = useState(false);
  const openButton = useRef<HTMLButtonElement>(null);
  const last = useStorageItem(lastMeetingItem);
  const remembered =
    last.value &&
    last.value.accountId === session.account.id &&
    Date.now() - last.value.savedAt < LAST_MEETING_MS
      ? last.value.meeting
      : null;

  // A fresh form mounts, with the next half hour as its start again.
  const startOver = () => {
    create.reset();
    setOpen(true);
    void lastMeetingItem.setValue(null);
  };
  const close = () => {
    create.reset();
    setOpen(false);
    // Back on the button that opened the form, not lost at the top of the popup.
    requestAnimationFrame(() => openButton.current?.focus());
  };

  return (
    <section className="card stack" aria-label="Zoom meetings">
      {create.isSuccess ? (
        <MeetingCreated meeting={create.data} onNewMeeting={startOver} />
      ) : !open && remembered ? (
        <MeetingCreated meeting={remembered} onNewMeeting={startOver} focusOnShow={false} />
      ) : !open ? (
        <div>
          <button
            ref={openButton}
            type="button"
            className="button button-primary"
            onClick={() => setOpen(true)}
          >
            New Zoom meeting
          </button>
        </div>
      ) : (
        <NewMeetingForm
          onCreate={(body) => create.mutate(body)}
          onCancel={close}
          creating={create.isPending}
          error={create.error}
        />
      )}
    </section>
  );
}
