import { connectionTitle } from '../../components/words';
import type { StoredSession } from '../../lib/extension/shared/storage-items';
import type { Row } from '../table';
import { FLOOR_TEXT } from '../ui-marks';
import { launchBenchBrowser } from './browser';
import { optionsRows, popupRows, type Sampling } from './page-open';
import { searchRow } from './search';
import { workerWakeRow } from './worker-wake';

/**
 * The extension figures, in one headless Chromium with the built product and the floor
 * extension loaded side by side. The worker row goes last: stopping the worker leaves
 * Playwright's handle on it unusable.
 */
export async function uiRows(opts: {
  extensionDir: string;
  floorDir: string;
  member: StoredSession;
  admin: StoredSession;
  memberCount: number;
  sampling: Sampling;
  log: (line: string) => void;
}): Promise<Row[]> {
  const b = await launchBenchBrowser({
    extensionDir: opts.extensionDir,
    floorDir: opts.floorDir,
    targets: [
      { path: '/popup.html', text: connectionTitle('organization') },
      { path: '/options.html', selector: 'tbody tr[aria-rowindex]' },
      { path: '/floor.html', text: FLOOR_TEXT },
    ],
  });
  try {
    opts.log('popup opens (cached, then nothing cached)');
    const rows = await popupRows(b, opts.member, opts.sampling);
    opts.log('options opens');
    rows.push(...(await optionsRows(b, opts.admin, opts.memberCount, opts.sampling)));
    opts.log('searches');
    rows.push(await searchRow(b, opts.admin, opts.sampling));
    opts.log('worker wake-ups');
    rows.push(await workerWakeRow(b, opts.sampling));
    return rows;
  } finally {
    await b.close();
  }
}
