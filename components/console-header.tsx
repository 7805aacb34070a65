import type { StoredSession } from '../lib/extension/shared/storage-items';
import { roleLabel } from './words';

export interface ConsoleHeaderProps {
  session: StoredSession;
  onSignOut: () => void;
}

export function ConsoleHeader({ session, onSignOut }: ConsoleHeaderProps) {
  return (
    <header className="console-header">
      <strong>{session.membership.orgName}</strong>
      <span className="spacer" />
      <span className="small">
        {session.account.name} <span className="muted">({roleLabel[session.membership.role]})</span>
      </span>
      <button type="button" className="button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
