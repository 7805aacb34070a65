import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { QueryProvider } from '@/components/query-provider';
import { type StoredSession, sessionItem } from '@/lib/extension/shared/storage-items';

export function renderWithQuery(ui: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return { client, ...render(<QueryProvider client={client}>{ui}</QueryProvider>) };
}

export async function signedIn(session: StoredSession) {
  await sessionItem.setValue(session);
}
