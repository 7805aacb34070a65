import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredSession } from '../../lib/extension/shared/storage-items';
import { budgets } from '../budgets';
import { abba, median, quantile } from '../stats';
import type { Row } from '../table';
import type { BenchBrowser } from './browser';
import { FIRST_VIEW_KEY, STORAGE_KEYS } from './browser';
import {
  readyAt,
  removeSessionStorageScript,
  removeStorageScript,
  timedFetchScript,
  traceScript,
} from './in-page';

export interface Sampling {
  samples: number;
  warmups: number;
}

/**
 * Opens `url` in a new tab and returns ms from navigation start to the page's ready mark
 * (in-page.ts), read from the page's own clock, so Playwright's round trips are not counted.
 */
let opened = 0;

export async function timeOpen(b: BenchBrowser, url: string): Promise<number> {
  const page = await b.context.newPage();
  // BENCH_UI_PROF=<folder>: a V8 CPU profile of every open (0.1 ms sampling), for DevTools.
  const profiles = process.env.BENCH_UI_PROF;
  const cdp = profiles ? await b.context.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  try {
    await page.goto(url, { waitUntil: 'commit' });
    const ready = await page.waitForFunction(readyAt, undefined, { timeout: 20_000, polling: 10 });
    if (process.env.BENCH_TRACE === '1') console.log(url, await page.evaluate(traceScript));
    if (cdp && profiles) {
      const { profile } = await cdp.send('Profiler.stop');
      mkdirSync(profiles, { recursive: true });
      const name = `${new URL(url).pathname.slice(1).replace(/\W/g, '-')}-${++opened}.cpuprofile`;
      writeFileSync(join(profiles, name), JSON.stringify(profile));
    }
    return (await ready.jsonValue()) as number;
  } finally {
    await page.close();
  }
}

const FLOOR_WHAT = 'bare React page';

/** Signed in as a member whose active connection is the organization's. */
export async function popupRows(
  b: BenchBrowser,
  member: StoredSession,
  sampling: Sampling,
): Promise<Row[]> {
  await b.setSession(member);
  const popup = b.productUrl('popup.html');
  // The first open (a warm-up) fetches /api/me and leaves the snapshot the next opens paint from.
  const cached = await abba({
    ...sampling,
    figure: () => timeOpen(b, popup),
    floor: () => timeOpen(b, b.floorUrl),
  });

  const roundTrips: number[] = [];
  const meUrl = `${member.serviceUrl}/api/me`;
  const uncached = await abba({
    ...sampling,
    figure: async () => {
      await b.control.evaluate(removeStorageScript([STORAGE_KEYS.popupSnapshot], [FIRST_VIEW_KEY]));
      return timeOpen(b, popup);
    },
    floor: async () => {
      roundTrips.push(await b.control.evaluate<number>(timedFetchScript(meUrl, member.token)));
      return timeOpen(b, b.floorUrl);
    },
  });
  const measuredTrips = roundTrips.slice(sampling.warmups);

  return [
    {
      figure: 'popup open → active connection visible, cached',
      unit: 'ms',
      median: median(cached.figure),
      p95: quantile(cached.figure, 0.95),
      floor: { value: median(cached.floor), what: FLOOR_WHAT },
      budget: { kind: 'max-ratio', ratio: budgets.popupCachedRatio },
    },
    {
      figure: 'popup open, nothing cached',
      unit: 'ms',
      median: median(uncached.figure),
      p95: quantile(uncached.figure, 0.95),
      floor: {
        value: median(uncached.floor),
        what: FLOOR_WHAT,
        plus: { value: median(measuredTrips), what: 'GET /api/me from the page' },
      },
      budget: { kind: 'floor-plus', what: 'one round trip' },
    },
  ];
}

/**
 * Signed in as the owner of an org of `memberCount` members. The console keeps the member
 * table's first page in storage.session (member-queries.ts): every open after the first finds
 * the one the last open kept, as an admin's do through a day; the second row removes it first,
 * as after a browser restart.
 */
export async function optionsRows(
  b: BenchBrowser,
  admin: StoredSession,
  memberCount: number,
  sampling: Sampling,
): Promise<Row[]> {
  await b.setSession(admin);
  const options = b.productUrl('options.html');
  const kept = await abba({
    ...sampling,
    figure: () => timeOpen(b, options),
    floor: () => timeOpen(b, b.floorUrl),
  });
  const nothingKept = await abba({
    ...sampling,
    figure: async () => {
      await b.control.evaluate(removeSessionStorageScript([STORAGE_KEYS.keptMembersPage]));
      return timeOpen(b, options);
    },
    floor: () => timeOpen(b, b.floorUrl),
  });
  const members = memberCount.toLocaleString('en-US');
  return [
    {
      figure: `options open → first member row, ${members} members`,
      unit: 'ms',
      median: median(kept.figure),
      p95: quantile(kept.figure, 0.95),
      floor: { value: median(kept.floor), what: FLOOR_WHAT },
      budget: { kind: 'max-ratio', ratio: budgets.optionsFirstRowRatio },
    },
    {
      figure: `options open → first member row, ${members} members, nothing kept`,
      unit: 'ms',
      median: median(nothingKept.figure),
      p95: quantile(nothingKept.figure, 0.95),
      floor: { value: median(nothingKept.floor), what: FLOOR_WHAT },
    },
  ];
}
