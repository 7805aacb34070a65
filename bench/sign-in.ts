import { spawnSync } from 'node:child_process';
import { scrypt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword, verifyPassword } from '../server/crypto/passwords';
import { parseEnv } from '../server/env';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../server/seed/demo';
import { startService } from '../server/service';
import { quantile } from './stats';

/**
 * `npx tsx bench/sign-in.ts`: sign-in latency and the process's memory with 20 sign-ins at once
 * (README, Passwords). Each case runs in a child process of its own, so one case's heap and
 * native buffers don't count towards the next one's peak RSS:
 *   - service: the real service (`startService`, PGlite, HTTP on 127.0.0.1) answering rounds of
 *     20 concurrent POST /api/auth/sign-in with the current hash (argon2id m=19 MiB, t=2, p=1);
 *   - argon2id / scrypt-2^17 / scrypt-2^15: the hash alone, 20 verifications at once, for the
 *     choice between OWASP's argon2id setting, OWASP's scrypt setting and the old one.
 * SIGN_IN_BENCH_PORT (default 20790) and SIGN_IN_BENCH_ROUNDS (default 10) adjust it.
 */

const CONCURRENT = 20;
const ROUNDS = Number(process.env.SIGN_IN_BENCH_ROUNDS || 10);
const PORT = process.env.SIGN_IN_BENCH_PORT || '20790';
const CASES = ['service', 'argon2id', 'scrypt-2^17', 'scrypt-2^15'] as const;
type Case = (typeof CASES)[number];

interface Result {
  case: Case;
  p50: number;
  p95: number;
  rssStartMiB: number;
  rssPeakMiB: number;
}

/** Samples RSS every few ms while `work` runs; returns the highest value seen. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 2);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function rounds(one: (i: number) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const round = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) => timed(() => one(i))),
    );
    latencies.push(...round);
  }
  return latencies;
}

function legacyScrypt(N: number) {
  return (password: string, salt: Buffer) =>
    new Promise<Buffer>((resolve, reject) =>
      scrypt(password, salt, 32, { N, r: 8, p: 1, maxmem: 256 * 1024 * 1024 }, (err, key) =>
        err ? reject(err) : resolve(key),
      ),
    );
}

async function runCase(which: Case): Promise<Result> {
  let rssStart = process.memoryUsage.rss();
  let latencies: number[];
  let peak: number;
  if (which === 'service') {
    const dataDir = mkdtempSync(join(tmpdir(), 'ozc-bench-sign-in-'));
    const env = parseEnv(
      {
        PORT,
        DATA_DIR: dataDir,
        SEED_DEMO: 'true',
        HEALTH_CHECK_INTERVAL_MINUTES: '0',
        JANITOR_INTERVAL_MINUTES: '0',
      },
      'development',
    );
    const service = await startService(env);
    try {
      const signIn = (i: number) =>
        fetch(`${service.url}/api/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            email: DEMO_ACCOUNTS[i % DEMO_ACCOUNTS.length]?.email,
            password: DEMO_PASSWORD,
          }),
        }).then((res) => {
          if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
          return res.arrayBuffer();
        });
      await signIn(0); // warm: the first request loads code and prepares statements
      rssStart = process.memoryUsage.rss(); // the service started, before the load
      ({ value: latencies, peak } = await peakRss(() => rounds(signIn)));
    } finally {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  } else if (which === 'argon2id') {
    const stored = await hashPassword(DEMO_PASSWORD);
    ({ value: latencies, peak } = await peakRss(() =>
      rounds(() => verifyPassword(DEMO_PASSWORD, stored)),
    ));
  } else {
    const derive = legacyScrypt(which === 'scrypt-2^17' ? 2 ** 17 : 2 ** 15);
    const salt = Buffer.alloc(16, 1);
    ({ value: latencies, peak } = await peakRss(() => rounds(() => derive(DEMO_PASSWORD, salt))));
  }
  const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
  return {
    case: which,
    p50: Math.round(quantile(latencies, 0.5)),
    p95: Math.round(quantile(latencies, 0.95)),
    rssStartMiB: mib(rssStart),
    rssPeakMiB: mib(peak),
  };
}

const only = process.argv[2] as Case | undefined;
if (only) {
  console.log(JSON.stringify(await runCase(only)));
} else {
  const self = fileURLToPath(import.meta.url);
  console.log(
    `${CONCURRENT} at once × ${ROUNDS} rounds; UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`,
  );
  console.log('| case | p50 ms | p95 ms | RSS before the load MiB | RSS peak MiB |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const which of CASES) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', self, which], {
      encoding: 'utf8',
      env: process.env,
    });
    const line = child.stdout.trim().split('\n').at(-1) ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      console.log(`| ${which} | failed: ${child.stderr.trim().split('\n').at(-1)} | | | |`);
      continue;
    }
    const r = JSON.parse(line) as Result;
    console.log(`| ${r.case} | ${r.p50} | ${r.p95} | ${r.rssStartMiB} | ${r.rssPeakMiB} |`);
  }
}
