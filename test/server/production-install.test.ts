import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * A production install is `npm ci --omit=dev && npm start` (README, Production): no dev
 * dependencies, no sandbox. What runs there may only need the `dependencies` of package.json.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

describe('a production install', () => {
  it('gets through postinstall without the dev dependencies (no wxt)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ozc-install-'));
    try {
      cpSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
      cpSync(join(repoRoot, 'scripts'), join(dir, 'scripts'), { recursive: true });
      const run = spawnSync('npm', ['run', 'postinstall'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, PATH: pathWithoutNodeModules() },
      });
      expect(run.status, run.stderr).toBe(0);
      expect(existsSync(join(dir, '.wxt'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts with a runner that is a pinned production dependency', () => {
    const runner = pkg.scripts.start?.split(' ')[0] ?? '';
    expect(Object.keys(pkg.dependencies)).toContain(runner);
    expect(pkg.dependencies[runner]).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('reaches only production dependencies and no sandbox code from server/main.ts', () => {
    const { files, packages } = importGraph(join(repoRoot, 'server/main.ts'));
    expect(files).toContain('server/service.ts');
    expect(files.filter((f) => f.startsWith('sandbox/') || f.startsWith('test/'))).toEqual([]);
    const notInstalled = packages.filter((name) => !(name in pkg.dependencies));
    expect(notInstalled).toEqual([]);
  });
});

/** The PATH of this test run minus node_modules/.bin folders (npx and npm add this repo's). */
function pathWithoutNodeModules(): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((p) => !p.includes('node_modules'))
    .join(delimiter);
}

/** Every repo file and every package a file imports, statically or with import(). */
function importGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file; file = pending.pop()) {
    const name = relative(repoRoot, file);
    if (files.has(name)) continue;
    files.add(name);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (specifier.startsWith('.')) pending.push(resolveSource(resolve(dirname(file), specifier)));
      else if (!isBuiltin(specifier)) packages.add(packageName(specifier));
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort() };
}

function resolveSource(base: string): string {
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (!found || !/\.(ts|tsx|js|mjs)$/.test(found)) throw new Error(`cannot resolve ${base}`);
  return found;
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}
