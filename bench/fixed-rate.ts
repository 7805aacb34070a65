import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { quantile } from './stats';

/**
 * Open-loop load at a fixed rate: request i is issued at start + i / rate whether or not earlier
 * ones have answered (autocannon's own rate option instead sends each connection's quota for
 * the second back to back and then waits: bursts, not a steady 200 req/s). A request's latency
 * runs from when it was issued to the end of its answer, so time spent waiting for a free socket
 * behind slow answers counts; a late timer in this process does not (on a shared machine that
 * would be other people's load, not the service's).
 *
 * A service that cannot keep the rate falls further behind with every request. Once a second's
 * worth of requests waits unanswered, no more are sent; those never sent and those unanswered
 * after TIMEOUT_MS count as infinitely slow, so such a run's p99 is Infinity ("overloaded").
 */
export interface FixedRateResult {
  p99: number;
  answered: number;
  unanswered: number;
}

const TIMEOUT_MS = 5_000;

class NoAnswer extends Error {}

export async function fixedRate(
  target: { url: string; headers?: Record<string, string> },
  opts: { rate: number; seconds: number; maxSockets?: number },
): Promise<FixedRateResult> {
  const url = new URL(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64 });
  const latencies: number[] = [];
  const failures: string[] = [];
  let unanswered = 0;
  let waiting = 0;
  const send = () =>
    new Promise<void>((resolve) => {
      const issued = performance.now();
      waiting++;
      const settle = () => {
        waiting--;
        resolve();
      };
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          headers: target.headers,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) latencies.push(performance.now() - issued);
            else failures.push(`status ${res.statusCode}`);
            settle();
          });
        },
      );
      req.setTimeout(TIMEOUT_MS, () => req.destroy(new NoAnswer()));
      req.on('error', (err) => {
        if (err instanceof NoAnswer) unanswered++;
        else failures.push(err.message);
        settle();
      });
      req.end();
    });

  const total = Math.round(opts.rate * opts.seconds);
  const interval = 1000 / opts.rate;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  try {
    for (let i = 0; i < total; i++) {
      if (waiting > opts.rate) {
        unanswered += total - i;
        break;
      }
      const wait = start + i * interval - performance.now();
      if (wait > 0) await sleep(wait);
      inFlight.push(send());
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  if (failures.length > 0) {
    throw new Error(`${target.url}: ${failures.length} of ${total} failed (${failures[0]})`);
  }
  const all = [...latencies, ...new Array<number>(unanswered).fill(Number.POSITIVE_INFINITY)];
  return { p99: quantile(all, 0.99), answered: latencies.length, unanswered };
}
