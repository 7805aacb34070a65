import autocannon from 'autocannon';
import { budgets } from './budgets';
import { fixedRate } from './fixed-rate';
import type { NodeProcess } from './processes';
import { abba, median, quantile } from './stats';
import type { Row } from './table';

/**
 * The service figures: closed-loop throughput at 10 connections against the bare Hono floor
 * (autocannon, ABBA), p99 at a fixed 200 req/s (fixed-rate.ts), and the peak memory of the
 * service while it is loaded. Load comes from this process, over loopback only; every run is
 * bounded by its duration and request count.
 */
export interface LoadTarget {
  url: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  rps: number;
  p99: number;
}

/** Closed loop: `connections` clients each sending the next request when the last answers. */
export async function load(
  target: LoadTarget,
  opts: { seconds: number; connections: number },
): Promise<LoadResult> {
  const result = await autocannon({
    url: target.url,
    headers: target.headers,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 10,
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) {
    throw new Error(
      `${target.url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts under load`,
    );
  }
  return { rps: result.requests.total / result.duration, p99: result.latency.p99 };
}

/** Samples VmRSS while it runs; the high-water mark at start-up (migrations, initdb) is not load. */
function sampleRss(processes: NodeProcess[]): { stop(): (number | undefined)[] } {
  const peaks: (number | undefined)[] = processes.map(() => undefined);
  const timer = setInterval(() => {
    processes.forEach((p, i) => {
      const rss = p.rssMb();
      if (rss !== undefined) peaks[i] = Math.max(peaks[i] ?? 0, rss);
    });
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return peaks;
    },
  };
}

export interface ServiceLoadSetup {
  label: string;
  service: NodeProcess;
  floor: NodeProcess;
  me: LoadTarget;
  members: LoadTarget;
  floorTarget: LoadTarget;
  seconds: number;
  rateRuns: number;
}

export async function serviceRows(s: ServiceLoadSetup): Promise<Row[]> {
  const rss = sampleRss([s.service, s.floor]);
  const closed = { seconds: s.seconds, connections: 10 };
  const warm = { seconds: 2, connections: 10 };
  const p99 = { figure: [] as number[], floor: [] as number[] };
  await load(s.me, warm);
  await load(s.floorTarget, warm);
  const throughput = await abba({
    samples: 4,
    warmups: 0,
    figure: async () => {
      const r = await load(s.me, closed);
      p99.figure.push(r.p99);
      return r.rps;
    },
    floor: async () => {
      const r = await load(s.floorTarget, closed);
      p99.floor.push(r.p99);
      return r.rps;
    },
  });

  const at200 = async (target: LoadTarget) => {
    await fixedRate(target, { rate: 200, seconds: 1 });
    const runs: number[] = [];
    for (let i = 0; i < s.rateRuns; i++) {
      runs.push((await fixedRate(target, { rate: 200, seconds: s.seconds })).p99);
    }
    return runs;
  };
  const meAt200 = await at200(s.me);
  const membersAt200 = await at200(s.members);
  const [servicePeak, floorPeak] = rss.stop();

  const floorWhat = 'bare Hono + 1 prepared query by key';
  const tag = `[${s.label}]`;
  return [
    {
      figure: `GET /api/me, 10 connections: throughput ${tag}`,
      unit: 'req/s',
      median: median(throughput.figure),
      p95: quantile(throughput.figure, 0.05),
      floor: { value: median(throughput.floor), what: floorWhat },
      budget: { kind: 'min-ratio', ratio: budgets.meThroughputShareOfFloor },
    },
    {
      figure: `GET /api/me, 10 connections: p99 ${tag}`,
      unit: 'ms',
      median: median(p99.figure),
      p95: quantile(p99.figure, 0.95),
      floor: { value: median(p99.floor), what: floorWhat },
    },
    {
      figure: `GET /api/me at 200 req/s: p99 ${tag}`,
      unit: 'ms',
      median: median(meAt200),
      p95: quantile(meAt200, 0.95),
      budget: { kind: 'max', value: budgets.meP99At200Ms },
    },
    {
      figure: `GET /api/org/members?limit=50 at 200 req/s: p99 ${tag}`,
      unit: 'ms',
      median: median(membersAt200),
      p95: quantile(membersAt200, 0.95),
      budget: { kind: 'max', value: budgets.membersP99At200Ms },
    },
    {
      figure: `service peak RSS under load ${tag}`,
      unit: 'MB',
      median: servicePeak ?? Number.NaN,
      floor: floorPeak === undefined ? undefined : { value: floorPeak, what: 'bare Hono floor' },
    },
  ];
}
