import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { quantile } from './stats';

/**
 * Open-loop load at a fixed rate: request i is due at start + i / rate, whether or not earlier
 * ones have answered, and its latency counts from when it was due (so a stall delays every
 * request behind it, as it would real users; wrk2's "coordinated omission" correction).
 * autocannon's own rate option sends each connection's quota for the second back to back
 * and then waits, which measures bursts, not a steady 200 req/s.
 */
export interface FixedRateResult {
  p99: number;
  requests: number;
}

export async function fixedRate(
  target: { url: string; headers?: Record<string, string> },
  opts: { rate: number; seconds: number; maxSockets?: number },
): Promise<FixedRateResult> {
  const url = new URL(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64 });
  const latencies: number[] = [];
  const failures: string[] = [];
  const send = (due: number) =>
    new Promise<void>((resolve) => {
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
            if (res.statusCode === 200) latencies.push(performance.now() - due);
            else failures.push(`status ${res.statusCode}`);
            resolve();
          });
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error('no answer in 10 s')));
      req.on('error', (err) => {
        failures.push(err.message);
        resolve();
      });
      req.end();
    });

  const total = Math.round(opts.rate * opts.seconds);
  const interval = 1000 / opts.rate;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  try {
    for (let i = 0; i < total; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      inFlight.push(send(due));
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  if (failures.length > 0) {
    throw new Error(`${target.url}: ${failures.length} of ${total} failed (${failures[0]})`);
  }
  return { p99: quantile(latencies, 0.99), requests: latencies.length };
}
