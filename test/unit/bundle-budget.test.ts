// @vitest-environment node
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleName, budgets } from '../../bench/budgets';
import { buildProductExtension } from '../../bench/build';
import {
  firstLoadWeight,
  pageWeight,
  preloadedWeight,
  scriptWeight,
  startScriptPreloads,
  type Weight,
} from '../../bench/bundle';
import { DEFAULT_SERVICE_URL } from '../../lib/extension/shared/build-config';

/**
 * Every page and background.js are held to their budgets (bench/budgets.ts): a heavy import
 * fails the suite. The popup loads neither React Query nor @wxt-dev/storage (resource.ts,
 * shared/storage.ts say why).
 */
const limitKb = (name: BundleName): number => budgets.bundleKb[name];

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

  // zod registers its schema classes by name ($ZodType, $ZodObject…): minified code keeps them.
  const loadsZod = (weight: Weight) =>
    weight.files.some((f) => readFileSync(join(dir, f.path), 'utf8').includes('$ZodType'));

  // React's element symbol survives minification.
  const holdsReact = (paths: string[]) =>
    paths.some((path) =>
      readFileSync(join(dir, path), 'utf8').includes('react.transitional.element'),
    );
  const loadsReact = (weight: Weight) => holdsReact(weight.files.map((f) => f.path));

  it("paints the popup's first view without React: React, the service client and its zod contracts load after", () => {
    const first = firstLoadWeight(dir, 'popup.html');
    expect(loadsZod(first), describeWeight(first)).toBe(false);
    expect(loadsReact(first), describeWeight(first)).toBe(false);
    const all = pageWeight(dir, 'popup.html');
    expect(loadsZod(all)).toBe(true);
    expect(loadsReact(all)).toBe(true);
  });

  it.each([
    ['popup', 'popup-start.js', 'orgZoomConnect.popupFirstView'],
    // It paints the table, and hands its storage read and request to the module entry.
    ['options', 'options-start.js', 'optionsStart'],
  ])(
    "runs the %s page's start script first: a deferred classic script, before any module script",
    (page, file, marker) => {
      const html = readFileSync(join(dir, `${page}.html`), 'utf8');
      const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? '');
      expect(scripts[0]).toContain(`src="/${file}"`);
      expect(scripts[0]).toMatch(/\bdefer\b/);
      expect(scripts[0]).not.toContain('type="module"');
      expect(html.indexOf(file)).toBeLessThan(html.indexOf('</head>'));
      // A classic script cannot import: it is one self-contained file.
      const start = readFileSync(join(dir, file), 'utf8');
      expect(start).not.toMatch(/\bimport\s*[{(*"'`]|\bexport\s/);
      expect(start).toContain(marker);
    },
  );

  // Defining a storage item is marked free of side effects (shared/storage.ts), so a script keeps
  // only the items it uses: the console's start script reads three of the eight.
  it('carries only the storage items the start script reads', () => {
    const start = readFileSync(join(dir, 'options-start.js'), 'utf8');
    for (const used of ['local:session', 'local:serviceUrl', 'session:memberTableFirstPage']) {
      expect(start).toContain(used);
    }
    for (const unused of ['session:authFlow', 'session:lastMeeting', 'local:popupSnapshot']) {
      expect(start).not.toContain(unused);
    }
  });

  it("paints the console's first view without React or zod", () => {
    const start = scriptWeight(dir, 'options-start.js');
    expect(loadsZod(start), describeWeight(start)).toBe(false);
    expect(loadsReact(start), describeWeight(start)).toBe(false);
  });

  it("sends the options page's first member request before React is evaluated; its other sections load after the table", () => {
    const text = (w: Weight) =>
      w.files
        .filter((f) => f.path.endsWith('.js'))
        .map((f) => readFileSync(join(dir, f.path), 'utf8'))
        .join('');
    // React's element tag, kept by minifiers.
    expect(text(firstLoadWeight(dir, 'options.html'))).not.toContain('react.transitional.element');
    const preloaded = text(preloadedWeight(dir, 'options.html'));
    // The member table is preloaded (a text only member-table.tsx has: the start script paints
    // the search box too); the Account section's button is not.
    expect(preloaded).toContain('No members match this search and filters.');
    expect(preloaded).not.toContain('Sign out everywhere');
    expect(text(pageWeight(dir, 'options.html'))).toContain('Sign out everywhere');
  });

  it.each([
    ['popup.html', 'popup-start.js'],
    ['options.html', 'options-start.js'],
  ])(
    'has %s preload React and the rest of the page from its start script, not its HTML',
    (html, start) => {
      // Preloaded from the HTML, they were fetched and compiled before the start script ran, and it
      // painted 20–25 ms later (README, Bench).
      const listed = startScriptPreloads(dir, html);
      expect(holdsReact(listed), listed.join(', ')).toBe(true);
      const fromHtml = [
        ...readFileSync(join(dir, html), 'utf8').matchAll(
          /<link rel="modulepreload"[^>]*href="\/([^"]+)"/g,
        ),
      ].map((m) => m[1] ?? '');
      expect(holdsReact(fromHtml), fromHtml.join(', ')).toBe(false);
      expect(fromHtml.filter((file) => listed.includes(file))).toEqual([]);
      // The start script asks for the listed modules itself (preload-rest.ts).
      expect(readFileSync(join(dir, start), 'utf8')).toContain('script[data-preload]');
    },
  );

  it('keeps background.js within its limit', () => {
    const weight = scriptWeight(dir, 'background.js');
    expect(weight.kb, describeWeight(weight)).toBeLessThanOrEqual(limitKb('background'));
  });
});
