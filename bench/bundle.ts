import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BundleName, budgets } from './budgets';
import type { Row } from './table';

/**
 * The weight of a built page: every JS and CSS file its HTML loads (its scripts, modulepreloads,
 * stylesheet) and every file those scripts import, each gzipped at level 9 and added up, in kB
 * of 1000 bytes. Dynamic import() chunks count too: the pages' entry points import their app
 * that way at every open (entrypoints/popup/main.ts), so it is weight a page loads when opened.
 * (No chunk is loaded only on a user action today; one that is would have to be left out here.)
 */
export interface Weight {
  kb: number;
  files: { path: string; gzipBytes: number }[];
}

const HTML_REF = /<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+\.(?:js|css))"/g;
// Minified imports: `import{a as b}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`, and
// dynamic ones, `import(\`./x.js\`)` (Vite quotes those with backticks).
const IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*["'`]([^"'`]+\.js)["'`]/g;
const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*["']([^"']+\.js)["']/g;

export function pageWeight(outDir: string, html: string): Weight {
  return withInlineStyles(outDir, html, weigh(outDir, htmlEntries(outDir, html)));
}

/** Stylesheets inlined into the page's HTML (scripts/page-chunks.ts) weigh as much as linked. */
function withInlineStyles(outDir: string, html: string, weight: Weight): Weight {
  const text = readFileSync(join(outDir, html), 'utf8');
  const styles = [...text.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => ({
    path: `${html} <style>`,
    gzipBytes: gzipSync(m[1] ?? '', { level: 9 }).length,
  }));
  const files = [...weight.files, ...styles];
  return { kb: files.reduce((sum, f) => sum + f.gzipBytes, 0) / 1000, files };
}

/**
 * What a page evaluates before its entry runs: its scripts (a classic start script, as the
 * popup's, and its module script) and their static imports. Not what the HTML preloads for
 * later, nor what the code asks for with import().
 */
export function firstLoadWeight(outDir: string, html: string): Weight {
  return weigh(outDir, htmlEntries(outDir, html, PAGE_SCRIPT), STATIC_IMPORT);
}

/**
 * What a page's HTML loads or preloads (itself, or through its start script: the modules listed
 * on that script's tag, lib/extension/pages/preload-rest.ts), and their static imports: not what
 * code asks for later.
 */
export function preloadedWeight(outDir: string, html: string): Weight {
  return weigh(
    outDir,
    [...htmlEntries(outDir, html), ...startScriptPreloads(outDir, html)],
    STATIC_IMPORT,
  );
}

/** The modules a page's start script preloads, as the build listed them on its tag. */
export function startScriptPreloads(outDir: string, html: string): string[] {
  const text = readFileSync(join(outDir, html), 'utf8');
  return [...text.matchAll(/<script[^>]*\sdata-preload="([^"]*)"/g)].flatMap((m) =>
    (m[1] ?? '')
      .split(' ')
      .filter(Boolean)
      .map((file) => file.replace(/^\//, '')),
  );
}

const PAGE_SCRIPT = /<script[^>]*\ssrc="([^"]+\.js)"/g;

function htmlEntries(outDir: string, html: string, refs = HTML_REF): string[] {
  const text = readFileSync(join(outDir, html), 'utf8');
  return [...text.matchAll(refs)].map((m) => (m[1] ?? '').replace(/^\//, ''));
}

export function scriptWeight(outDir: string, script: string): Weight {
  return weigh(outDir, [script]);
}

function weigh(outDir: string, entries: string[], imports = IMPORT): Weight {
  const seen = new Set<string>();
  const queue = [...entries];
  const files: Weight['files'] = [];
  while (queue.length > 0) {
    const path = queue.shift() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    const bytes = readFileSync(join(outDir, path));
    files.push({ path, gzipBytes: gzipSync(bytes, { level: 9 }).length });
    if (!path.endsWith('.js')) continue;
    for (const m of bytes.toString('utf8').matchAll(imports)) {
      const spec = m[1] ?? '';
      const resolved = spec.startsWith('/')
        ? spec.slice(1)
        : posix.normalize(posix.join(dirname(path), spec));
      queue.push(resolved);
    }
  }
  return { kb: files.reduce((sum, f) => sum + f.gzipBytes, 0) / 1000, files };
}

/** Row 6 of the table: each page's weight against the bare React page's, and the worker's. */
export function bundleRows(extensionDir: string, floorDir: string): Row[] {
  const floor = { value: pageWeight(floorDir, 'floor.html').kb, what: 'bare React page' };
  const row = (figure: string, weight: Weight, name: BundleName, withFloor: boolean): Row => ({
    figure,
    unit: 'kB',
    median: weight.kb,
    floor: withFloor ? floor : undefined,
    budget: { kind: 'max', value: budgets.bundleKb[name] },
  });
  return [
    row('popup gzip (JS + CSS it loads)', pageWeight(extensionDir, 'popup.html'), 'popup', true),
    row(
      'options gzip (JS + CSS it loads)',
      pageWeight(extensionDir, 'options.html'),
      'options',
      true,
    ),
    row('background.js gzip', scriptWeight(extensionDir, 'background.js'), 'background', false),
  ];
}
