import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { takeOverFirstPaint } from '@/components/console-first-paint';
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
  const container = mountPoint();
  const root = createRoot(container);
  // The first render replaces the start script's inert paint (options-start.ts) in one go, and
  // only then is the page made live: no moment where the paint's dead controls take input.
  flushSync(() =>
    root.render(
      <QueryProvider client={client}>
        <OptionsPage start={[resolved, stored]} />
      </QueryProvider>,
    ),
  );
  takeOverFirstPaint(container);
  return root;
}
