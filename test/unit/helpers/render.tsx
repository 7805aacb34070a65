import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { QueryProvider } from '@/components/query-provider';
import { defaultPolicy, Resources } from '@/lib/extension/pages/resource';
import { type StoredSession, sessionItem } from '@/lib/extension/shared/storage-items';

/** A page's data providers as the entry points set them up, without retries. */
export function renderWithQuery(ui: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const resources = new Resources({ ...defaultPolicy, retry: () => false });
  return {
    client,
    resources,
    ...render(
      <QueryProvider client={client} resources={resources}>
        {ui}
      </QueryProvider>,
    ),
  };
}

export async function signedIn(session: StoredSession) {
  await sessionItem.setValue(session);
}
