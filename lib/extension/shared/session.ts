import type { SignInBody } from '../../contracts/api';
import { createApiClient } from './api-client';
import { type ApiClientOptions, isApiError } from './api-request';
import { writeFirstView } from './first-view-cache';
import {
  keptMembersPageItem,
  popupSnapshotItem,
  type StoredSession,
  sessionItem,
} from './storage-items';

export { activeSession } from './session-state';

export async function signIn(serviceUrl: string, body: SignInBody): Promise<StoredSession> {
  const response = await createApiClient({ serviceUrl }).signIn(body);
  const session: StoredSession = { ...response, serviceUrl };
  await sessionItem.setValue(session);
  return session;
}

/** The session, and all its pages kept of what it saw for the next open. */
async function forgetSession(): Promise<void> {
  writeFirstView(null);
  await Promise.all([
    sessionItem.setValue(null),
    popupSnapshotItem.setValue(null),
    keptMembersPageItem.setValue(null),
  ]);
}

/** Local sign-out always happens; telling the service is best effort (it may be unreachable). */
export async function signOut(session: StoredSession | null): Promise<void> {
  await forgetSession();
  if (session) {
    await createApiClient({ serviceUrl: session.serviceUrl, token: session.token })
      .signOut()
      .catch(() => {});
  }
}

/** Clears a session the service no longer accepts (401), unless a newer one replaced it. */
export async function dropRejectedSession(token: string): Promise<void> {
  const current = await sessionItem.getValue();
  if (current?.token === token) await forgetSession();
}

/** A 401 means the service dropped this session: sign out locally so the page shows sign-in. */
export async function signedInCall<Api, T>(
  session: StoredSession,
  createApi: (options: ApiClientOptions) => Api,
  call: (api: Api) => Promise<T>,
): Promise<T> {
  try {
    return await call(createApi({ serviceUrl: session.serviceUrl, token: session.token }));
  } catch (error) {
    if (isApiError(error) && error.status === 401) await dropRejectedSession(session.token);
    throw error;
  }
}
