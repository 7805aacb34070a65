import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * lib/extension/ is split by where code runs (README, Layout): worker/ only in the background
 * service worker, pages/ only in extension pages, shared/ in both. Arrows point from a place to
 * shared/, never between worker/ and pages/, and shared/ imports neither.
 */
const root = resolve(__dirname, '../../lib/extension');
const allowed: Record<string, string[]> = {
  worker: ['worker', 'shared'],
  pages: ['pages', 'shared'],
  shared: ['shared'],
};

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) => m[1] ?? '');
}

describe('lib/extension layout', () => {
  it('has only worker/, pages/ and shared/, each importing only what may run where it runs', () => {
    const wrong: string[] = [];
    expect(readdirSync(root).sort()).toEqual(['pages', 'shared', 'worker']);
    for (const place of Object.keys(allowed)) {
      for (const name of readdirSync(join(root, place))) {
        const file = join(root, place, name);
        for (const spec of importsOf(file)) {
          const target = relative(root, resolve(dirname(file), spec));
          if (target.startsWith('..')) continue; // lib/contracts, lib/domain, lib/words
          const targetPlace = target.split('/')[0] ?? '';
          if (!allowed[place]?.includes(targetPlace)) wrong.push(`${place}/${name} -> ${target}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
