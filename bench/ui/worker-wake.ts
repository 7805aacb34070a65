import { budgets } from '../budgets';
import { abba, median, quantile } from '../stats';
import type { Row } from '../table';
import type { BenchBrowser } from './browser';
import { timedMessageScript } from './in-page';
import type { Sampling } from './page-open';

/** Answered by the background without touching the network when no flow is running. */
const CHEAP_MESSAGE = { type: 'flow/resume' };

type RunningStatus = 'stopped' | 'starting' | 'running' | 'stopping';

/**
 * A message from an extension page to a worker Chrome has stopped (figure) and to the same
 * worker running (floor). Playwright keeps the worker alive, so it is stopped over CDP, as
 * test/e2e/worker-restart.spec.ts does, and the bench waits for Chrome to report it stopped.
 */
export async function workerWakeRow(b: BenchBrowser, sampling: Sampling): Promise<Row> {
  const ours = b.productUrl('');
  const versions = new Map<string, RunningStatus>();
  b.cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: updated }) => {
    for (const v of updated) {
      if (!v.scriptURL.startsWith(ours)) continue;
      if (v.status === 'redundant') versions.delete(v.versionId);
      else versions.set(v.versionId, v.runningStatus);
    }
  });
  await b.cdp.send('ServiceWorker.enable');
  const allStopped = () =>
    versions.size > 0 && [...versions.values()].every((s) => s === 'stopped');

  const stopWorker = async () => {
    await b.cdp.send('ServiceWorker.stopAllWorkers');
    const deadline = Date.now() + 10_000;
    while (!allStopped()) {
      if (Date.now() > deadline) throw new Error('The service worker did not stop');
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const message = () => b.control.evaluate<number>(timedMessageScript(CHEAP_MESSAGE));
  const timings = await abba({
    ...sampling,
    figure: async () => {
      await stopWorker();
      return message();
    },
    floor: message,
  });
  await b.cdp.send('ServiceWorker.disable');
  return {
    figure: 'stopped worker → first message answered',
    unit: 'ms',
    median: median(timings.figure),
    p95: quantile(timings.figure, 0.95),
    floor: { value: median(timings.floor), what: 'running worker' },
    budget: { kind: 'max', value: budgets.workerWakeMs },
  };
}
