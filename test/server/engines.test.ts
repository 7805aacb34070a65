import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/**
 * package.json's `engines` claims only Node versions every installed package supports: Vite 8,
 * Vitest 4 and rolldown name the Node lines they run on, and ">=20.12" promised ones they refuse
 * (20.12–20.18, 23).
 */
const root = new URL('../../', import.meta.url);
const ours = (
  JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
    engines: { node: string };
  }
).engines.node;
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }>;
};

// WXT 0.21.4 (and its prompt library) declare Node 22+, yet `wxt prepare`, `wxt build` and the
// whole `npm test` run on Node 20 (checked on 20.20.2; README, Requirements); npm only warns.
const DECLARED_BUT_WORKS_ON_20 = ['node_modules/wxt', 'node_modules/@topcli/prompts'];

describe('package.json engines', () => {
  it('claims only Node versions that every installed package supports', () => {
    const refusing = Object.entries(lock.packages).flatMap(([path, entry]) => {
      const theirs = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!path || !theirs || DECLARED_BUT_WORKS_ON_20.includes(path)) return [];
      return semver.subset(ours, theirs, { loose: true }) ? [] : [`${path} needs ${theirs}`];
    });
    expect(refusing).toEqual([]);
  });

  it('includes the Node this machine runs', () => {
    expect(semver.satisfies(process.versions.node, ours)).toBe(true);
  });
});
