import { useEffect, useState } from 'react';
import { copyText } from '../lib/extension/shared/page-actions';

export function CopyButton({
  text,
  label = 'Copy',
  ariaLabel,
}: {
  text: string;
  label?: string;
  /** The name when several Copy buttons share a screen ("Copy the invitation link for …"). */
  ariaLabel?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <>
      <button
        type="button"
        className="button"
        aria-label={ariaLabel}
        onClick={async () => setState((await copyText(text)) ? 'copied' : 'failed')}
      >
        {label}
      </button>
      <span role="status" className="small muted">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the link' : ''}
      </span>
    </>
  );
}
