import { createRoot } from 'react-dom/client';
import { mountPoint } from '@/components/mount-point';
import { OptionsPage } from '@/components/options-page';
import { QueryProvider } from '@/components/query-provider';
import { primeMemberTable } from '@/lib/extension/pages/member-queries';
import type { OptionsValues } from '@/lib/extension/pages/page-start';
import { createQueryClient } from '@/lib/extension/pages/queries';
import { sessionState } from '@/lib/extension/shared/session-state';

export function mountOptions([resolved, stored, kept]: OptionsValues) {
  const client = createQueryClient();
  const state = sessionState(resolved, stored);
  if (state.status === 'signed_in') primeMemberTable(client, state.session, kept);
  createRoot(mountPoint()).render(
    <QueryProvider client={client}>
      <OptionsPage start={[resolved, stored]} />
    </QueryProvider>,
  );
}
