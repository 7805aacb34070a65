import type { Vault } from '../crypto/vault';
import { log } from '../log';
import type { ZoomApp, ZoomClient } from './client';

/**
 * Best-effort revocation of a grant at Zoom (`/oauth/revoke`): the access token first (what
 * Zoom documents), then the refresh token when the access token had already expired. Never
 * throws: our side drops the tokens either way, and Zoom being down must not block a
 * disconnect. Returns whether Zoom confirmed.
 */
export async function revokeGrant(
  zoom: Pick<ZoomClient, 'revoke'>,
  app: ZoomApp,
  tokens: string[],
): Promise<boolean> {
  for (const token of tokens) {
    try {
      if (await zoom.revoke(app, token)) return true;
    } catch (err) {
      log.warn({ err }, 'Zoom revoke failed');
    }
  }
  return false;
}

/** The plaintext tokens of a stored connection, in the order revokeGrant tries them. */
export function openSealedTokens(
  vault: Vault,
  row: { accessTokenSealed: string | null; refreshTokenSealed: string | null },
): string[] {
  return [row.accessTokenSealed, row.refreshTokenSealed]
    .filter((sealed): sealed is string => sealed !== null)
    .map((sealed) => vault.open(sealed));
}
