import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The service as a real child process, started the way `npm start` (server/main.ts) and
 * `npm run service` (server/dev.ts) start it. The environment is built from scratch, so nothing
 * from the test runner's own environment (TEST_DATABASE_URL, a developer's ZOOM_*) leaks in.
 */
export type ServiceEntry = 'server/main.ts' | 'server/dev.ts' | 'server/create-org.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
// tsx as a loader in one process, not its CLI: the CLI runs the entry in a second process that
// outlives the first when a test has to SIGKILL it.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface ServiceProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL: the process gets no chance to finish anything; resolves once it is gone. */
  kill(): Promise<void>;
}

export interface ExitedProcess {
  code: number | null;
  output: string;
  milliseconds: number;
}

function spawnEntry(
  entry: ServiceEntry,
  env: Record<string, string>,
  args: string[] = [],
): ChildProcess {
  return spawn(process.execPath, ['--import', tsxLoader, entry, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    text += chunk;
  });
  return () => text;
}

/** Runs an entry that is expected to stop on its own; fails the test if it keeps running. */
export function runUntilExit(
  entry: ServiceEntry,
  env: Record<string, string>,
  timeoutMs = 15_000,
  args: string[] = [],
): Promise<ExitedProcess> {
  const started = performance.now();
  const child = spawnEntry(entry, env, args);
  const output = collect(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} still running after ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output(), milliseconds: performance.now() - started });
    });
  });
}

/** Starts an entry and resolves once it prints where it listens (use PORT=0 for a free port). */
export function startServiceProcess(
  entry: ServiceEntry,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ServiceProcess> {
  const child = spawnEntry(entry, env);
  const output = collect(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${entry} did not start within ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    const onData = () => {
      const url = /Org service\s+(?:listening on\s+)?(http:\/\/[\d.]+:\d+)/.exec(output())?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      const kill = async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      };
      resolve({ url, output, stop, kill });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before listening:\n${output()}`));
    });
  });
}
