import type { Root } from 'react-dom/client';
import { PopupPage } from '@/components/popup-page';
import { primePopup } from '@/lib/extension/pages/member-data';
import type { PopupValues } from '@/lib/extension/pages/page-start';
import { Resources, ResourcesProvider } from '@/lib/extension/pages/resource';

/** The full popup, in place of its first paint (main.tsx) in the same root. */
export function renderPopup(root: Root, start: PopupValues) {
  const resources = new Resources();
  primePopup(resources, start);
  root.render(
    <ResourcesProvider resources={resources}>
      <PopupPage start={start} />
    </ResourcesProvider>,
  );
}
