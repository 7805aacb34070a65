// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleName, budgets } from '../../bench/budgets';
import { buildProductExtension } from '../../bench/build';
import { pageWeight, scriptWeight, type Weight } from '../../bench/bundle';
import { DEFAULT_SERVICE_URL } from '../../lib/extension/build-config';

/**
 * Weights as the production build had them when this guard came in (kB gzip, 2026-11-29);
 * popup and background were over budget then. Until they are brought under it, a bundle may not
 * grow past the larger of its budget and this weight plus ALLOWANCE_KB.
 * TODO(2026-11-29): once the speed-and-weight work lands, drop these and hold every bundle to
 * budgets.bundleKb alone.
 */
const WEIGHT_WHEN_GUARDED: Record<BundleName, number> = {
  popup: 122.9,
  options: 139.3,
  background: 37.8,
};
const ALLOWANCE_KB = 2;

function limitKb(name: BundleName): number {
  return Math.max(budgets.bundleKb[name], WEIGHT_WHEN_GUARDED[name] + ALLOWANCE_KB);
}

function describeWeight(weight: Weight): string {
  return weight.files.map((f) => `${f.path} ${(f.gzipBytes / 1000).toFixed(1)} kB`).join(', ');
}

describe('bundle weight of the production build (gzip, as npm run bench weighs it)', () => {
  let out: string;
  let dir: string;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'ozc-bundle-'));
    dir = (await buildProductExtension({ outDir: out, serviceUrl: DEFAULT_SERVICE_URL })).dir;
  }, 180_000);

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it.each([
    ['popup', 'popup.html'],
    ['options', 'options.html'],
  ] as const)('keeps the %s page within its limit', (name, html) => {
    const weight = pageWeight(dir, html);
    expect(weight.kb, describeWeight(weight)).toBeLessThanOrEqual(limitKb(name));
  });

  it('keeps background.js within its limit', () => {
    const weight = scriptWeight(dir, 'background.js');
    expect(weight.kb, describeWeight(weight)).toBeLessThanOrEqual(limitKb('background'));
  });
});
