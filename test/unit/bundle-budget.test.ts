// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleName, budgets } from '../../bench/budgets';
import { buildProductExtension } from '../../bench/build';
import { pageWeight, scriptWeight, type Weight } from '../../bench/bundle';
import { DEFAULT_SERVICE_URL } from '../../lib/extension/shared/build-config';

/**
 * Options and background.js are within their budgets (bench/budgets.ts) and are held to them.
 * The popup is not yet (105 kB against 95 kB on 2026-11-29: react-query and zod are in what it
 * loads at every open, README Bench): until it is, it may not grow past its weight then plus
 * ALLOWANCE_KB. TODO(2026-11-29): hold the popup to budgets.bundleKb alone once it is under it.
 */
const POPUP_WEIGHT_WHEN_GUARDED = 104.9;
const ALLOWANCE_KB = 2;

function limitKb(name: BundleName): number {
  return name === 'popup'
    ? Math.max(budgets.bundleKb.popup, POPUP_WEIGHT_WHEN_GUARDED + ALLOWANCE_KB)
    : budgets.bundleKb[name];
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
