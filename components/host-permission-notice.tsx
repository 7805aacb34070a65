import { useHostPermission } from '../lib/extension/pages/host-permission';
import type { ResolvedServiceUrl } from '../lib/extension/shared/storage-items';

/**
 * The manifest only grants the build's service origin; a URL set by enterprise policy needs a
 * runtime grant before any request to it can succeed.
 */
export function HostPermissionNotice({ resolved }: { resolved: ResolvedServiceUrl | null }) {
  const policyUrl = resolved?.source === 'policy' ? resolved.url : null;
  const { granted, request } = useHostPermission(policyUrl);

  if (resolved?.policyRejected) {
    return (
      <p className="notice notice-warn" role="alert">
        Your administrator's service URL was ignored because it is not an https address. Using the
        built-in service instead.
      </p>
    );
  }
  if (!policyUrl || granted !== false) return null;
  const origin = new URL(policyUrl).origin;
  return (
    <div className="notice notice-warn row" role="alert">
      <span className="spacer">
        Your organization's policy points this extension at {origin}. It needs your permission to
        talk to it.
      </span>
      <button type="button" className="button button-primary" onClick={() => void request()}>
        Allow access to {origin}
      </button>
    </div>
  );
}
