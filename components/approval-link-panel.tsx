import { useId, useState } from 'react';
import type { ApprovalLinkView } from '../lib/contracts/api';
import { openApprovalPage } from '../lib/extension/shared/page-actions';
import { CopyButton } from './copy-button';
import { formatDate } from './words';

export interface ApprovalLinkPanelProps {
  link: ApprovalLinkView;
  onRegenerate: () => void;
  regenerating: boolean;
  onRevoke: () => void;
  revoking: boolean;
}

export function ApprovalLinkPanel({
  link,
  onRegenerate,
  regenerating,
  onRevoke,
  revoking,
}: ApprovalLinkPanelProps) {
  const inputId = useId();
  const confirmId = useId();
  const [confirmingRevoke, setConfirmingRevoke] = useState(false);
  return (
    <div className="stack">
      <p>
        <span className="status status-warn">Waiting for Zoom admin approval</span>
      </p>
      <p className="small">
        Send this link to your Zoom administrator, or continue if you are the Zoom administrator.
        The Zoom administrator will use it to log into Zoom and complete the activation.
      </p>
      <label className="field" htmlFor={inputId}>
        Approval link
      </label>
      <div className="row">
        <input
          id={inputId}
          className="input spacer"
          readOnly
          value={link.url}
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton text={link.url} />
      </div>
      <p className="small">
        Expires {formatDate(link.expiresAt)}
        <br />
        Requested by {link.requestedBy.name}{' '}
        <span className="muted">({link.requestedBy.email})</span>
      </p>
      <div className="row">
        <button
          type="button"
          className="button button-primary"
          onClick={() => void openApprovalPage(link.url)}
        >
          I'm the Zoom admin — continue
        </button>
        <button type="button" className="button" onClick={onRegenerate} disabled={regenerating}>
          Generate a new link
        </button>
        {!confirmingRevoke && (
          <button type="button" className="button" onClick={() => setConfirmingRevoke(true)}>
            Revoke link
          </button>
        )}
      </div>
      {confirmingRevoke ? (
        <section className="notice notice-warn stack" aria-labelledby={confirmId}>
          <strong id={confirmId}>Revoke this approval link?</strong>
          <span>
            It stops working at once. Zoom stays not connected until you request a new link.
          </span>
          <div className="row">
            <button
              type="button"
              className="button button-danger"
              onClick={onRevoke}
              disabled={revoking}
            >
              {revoking && <span className="spinner" aria-hidden="true" />}
              Revoke link
            </button>
            <button type="button" className="button" onClick={() => setConfirmingRevoke(false)}>
              Keep link
            </button>
          </div>
        </section>
      ) : (
        <p className="small muted">A new link makes this one stop working.</p>
      )}
    </div>
  );
}
