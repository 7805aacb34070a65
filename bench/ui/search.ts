import type { StoredSession } from '../../lib/extension/shared/storage-items';
import { budgets } from '../budgets';
import { FIRST_NAMES, LAST_NAMES } from '../seed-members';
import { abba, median, quantile } from '../stats';
import type { Row } from '../table';
import type { BenchBrowser } from './browser';
import { armSearchScript, searchDone, timedFetchScript } from './in-page';
import type { Sampling } from './page-open';

/**
 * "First Last" names as bench/seed-members.ts makes them (member g is FIRST[g mod 20] and
 * LAST[(g div 20) mod 25]): each matches its own 1/500 of the members, so no two searches
 * share an answer, and none is served from the page's query cache.
 */
function* memberNames(): Generator<string> {
  for (let g = 1; ; g++) {
    const first = FIRST_NAMES[g % FIRST_NAMES.length];
    const last = LAST_NAMES[Math.floor(g / FIRST_NAMES.length) % LAST_NAMES.length];
    yield `${first} ${last}`;
  }
}

/**
 * In one open options page: a name typed into the search box until the table's first row is
 * that name (figure), against the very request the page sent for a search, fetched alone from
 * the same page with another name (floor).
 */
export async function searchRow(
  b: BenchBrowser,
  admin: StoredSession,
  sampling: Sampling,
): Promise<Row> {
  await b.setSession(admin);
  const page = await b.context.newPage();
  await page.goto(b.productUrl('options.html'));
  await page.locator('tbody tr[aria-rowindex]').first().waitFor({ timeout: 20_000 });
  let searchUrl: URL | undefined;
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/api/org/members' && url.searchParams.has('q')) searchUrl = url;
  });
  const names = memberNames();
  const next = () => names.next().value as string;
  const box = page.getByLabel('Search members');
  try {
    const timings = await abba({
      ...sampling,
      figure: async () => {
        const name = next();
        await page.evaluate(armSearchScript(name));
        await box.fill(name);
        const done = await page.waitForFunction(searchDone, undefined, {
          timeout: 20_000,
          polling: 10,
        });
        return (await done.jsonValue()) as number;
      },
      floor: async () => {
        if (!searchUrl) throw new Error('The options page sent no search request to copy');
        const url = new URL(searchUrl);
        url.searchParams.set('q', next());
        return page.evaluate<number>(timedFetchScript(url.toString(), admin.token));
      },
    });
    return {
      figure: 'search typed → rows updated',
      unit: 'ms',
      median: median(timings.figure),
      p95: quantile(timings.figure, 0.95),
      floor: { value: median(timings.floor), what: 'the same fetch alone' },
      budget: { kind: 'max', value: budgets.searchMs },
    };
  } finally {
    await page.close();
  }
}
