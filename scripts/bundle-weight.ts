import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * What each extension page costs to load, gzipped: the files its HTML names (script, modulepreload,
 * stylesheet) plus every chunk those import statically, and the background worker on its own.
 * Dynamic `import()` targets are left out: they load after first paint, if at all.
 *
 *   npx wxt build            # or WXT_OUT_DIR=/tmp/x npx wxt build
 *   npx tsx scripts/bundle-weight.ts [.output/chrome-mv3]
 */

export interface PageWeight {
  page: string;
  files: string[];
  gzipBytes: number;
}

const htmlRefs = /<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g;
// Minified ESM: `import{a as b}from"./x.js"`, `import"./x.js"`, `export{a}from"./x.js"`.
const staticImports = /(?:\bfrom|\bimport)\s*["']([^"']+\.js)["']/g;

function gzipSize(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

/** Every file an entry loads before running: itself and its static imports, transitively. */
function loadedFiles(root: string, entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.js')) return;
    for (const [, spec] of readFileSync(join(root, file), 'utf8').matchAll(staticImports)) {
      if (spec) visit(join(dirname(file), spec));
    }
  };
  for (const entry of entries) visit(entry);
  return [...seen];
}

export function pageWeight(root: string, html: string): PageWeight {
  const refs = [...readFileSync(join(root, html), 'utf8').matchAll(htmlRefs)].map(([, ref]) =>
    (ref ?? '').replace(/^\//, ''),
  );
  const files = loadedFiles(root, refs);
  return { page: html, files, gzipBytes: files.reduce((n, f) => n + gzipSize(join(root, f)), 0) };
}

export function extensionWeights(root: string): PageWeight[] {
  return [
    pageWeight(root, 'popup.html'),
    pageWeight(root, 'options.html'),
    {
      page: 'background.js',
      files: ['background.js'],
      gzipBytes: gzipSize(join(root, 'background.js')),
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] ?? '.output/chrome-mv3';
  for (const { page, files, gzipBytes } of extensionWeights(root)) {
    console.log(`${page.padEnd(14)} ${(gzipBytes / 1000).toFixed(1).padStart(6)} kB gzip`);
    for (const file of files) {
      console.log(`  ${file.padEnd(44)} ${(gzipSize(join(root, file)) / 1000).toFixed(1)} kB`);
    }
  }
}
