import type { Deps } from '../deps';
import { ZoomApiError, ZoomUnavailableError, type ZoomUser } from '../zoom/client';

/**
 * Who may connect the organization. Zoom lets any role with the needed privileges install an
 * admin-managed app (Owner, Admin, or a custom role) and enforces it at consent, so a successful
 * consent is the authority (zoom-platform.md §2 and §9). We refuse only Zoom's plain built-in
 * Member: someone demoted between consent and our look. The same rule tells a health check
 * whether the approver was demoted.
 *
 * `role_name` is optional in Zoom's schema. When `/users/me` leaves it out we ask for the user
 * by id; if Zoom still gives only a `role_id` we do not guess a name from it (only "0" = Owner
 * is sourced, zoom-platform.md §3), and the consent stands.
 */
export interface ZoomRole {
  name: string | null;
  id: string | null;
}

export async function zoomRoleOf(
  deps: Deps,
  accessToken: string,
  user: ZoomUser,
): Promise<ZoomRole> {
  if (user.role_name) return { name: user.role_name, id: user.role_id ?? null };
  try {
    const full = await deps.zoom.getUser(accessToken, user.id);
    return { name: full.role_name || null, id: full.role_id ?? user.role_id ?? null };
  } catch (err) {
    if (err instanceof ZoomApiError || err instanceof ZoomUnavailableError) {
      return { name: null, id: user.role_id ?? null };
    }
    throw err;
  }
}

export function isPlainMember(role: ZoomRole): boolean {
  return role.name?.trim().toLowerCase() === 'member';
}

/** How the role reads in audit entries and on the connection card. */
export function roleLabel(role: ZoomRole): string {
  if (role.name) return role.name;
  return role.id ? `role ${role.id}` : 'role not given by Zoom';
}
