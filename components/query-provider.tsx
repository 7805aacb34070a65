import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { createQueryClient } from '../lib/extension/pages/queries';
import { type Resources, ResourcesProvider } from '../lib/extension/pages/resource';

/** The options and approval pages' data: React Query, and the member's own data (resource.ts). */
export function QueryProvider({
  children,
  client,
  resources,
}: {
  children: ReactNode;
  client?: QueryClient;
  resources?: Resources;
}) {
  const [queryClient] = useState(() => client ?? createQueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <ResourcesProvider resources={resources}>{children}</ResourcesProvider>
    </QueryClientProvider>
  );
}
