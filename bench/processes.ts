import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './build';

/**
 * The processes the bench measures under load (the org service, the bare Hono floor), each a
 * Node child of its own so its memory is its own and the load generator does not share its event
 * loop. tsx runs as a loader in that one process (as test/server/service-process.ts does): its
 * CLI would put the entry in a grandchild, whose memory we would not see.
 */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const running = new Set<ChildProcess>();

// A bench stopped half-way (an exception, Ctrl-C) leaves no service listening behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface NodeProcess {
  url: string;
  /** Resident set size now (VmRSS), in MB of 10^6 bytes; undefined off Linux. */
  rssMb(): number | undefined;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `entry` and resolves once its output matches `listening` (group 1: its URL). */
export function startNodeProcess(opts: {
  entry: string;
  env: Record<string, string>;
  listening: RegExp;
  timeoutMs?: number;
}): Promise<NodeProcess> {
  // BENCH_CPU_PROF=<dir>: each process writes a V8 CPU profile there when it exits.
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', tsxLoader, opts.entry], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    text += chunk;
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${opts.entry} did not start in time:\n${text}`));
    }, opts.timeoutMs ?? 60_000);
    const onData = () => {
      const url = opts.listening.exec(text)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve({ url, rssMb: () => rssMb(child.pid), output: () => text, stop });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${opts.entry} exited with ${code} before listening:\n${text}`));
    });
  });
}

/** VmRSS from /proc/<pid>/status (proc(5)). */
function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kb === undefined ? undefined : (Number(kb) * 1024) / 1e6;
  } catch {
    return undefined;
  }
}
