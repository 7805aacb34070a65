// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstLoadWeight, pageWeight, preloadedWeight } from '../../bench/bundle';

/**
 * The bench's page weight counts what a page loads when opened. The popup and options entry
 * points import their app with import() at every open, so those chunks must count as well.
 */
describe('page weight (bench/bundle.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ozc-weight-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('follows static and dynamic imports from the HTML', () => {
    mkdirSync(join(dir, 'chunks'));
    const html =
      '<script type="module" src="/chunks/entry.js"></script><link rel="modulepreload" href="/chunks/app.js">';
    writeFileSync(join(dir, 'page.html'), html);
    writeFileSync(
      join(dir, 'chunks/entry.js'),
      'import{a as e}from"./start.js";e().then(()=>import(`./app.js`));',
    );
    writeFileSync(join(dir, 'chunks/start.js'), 'export const a=()=>Promise.resolve();');
    writeFileSync(join(dir, 'chunks/app.js'), 'import"./vendor.js";export const b=1;');
    writeFileSync(join(dir, 'chunks/vendor.js'), 'export const c=2;');

    const files = pageWeight(dir, 'page.html').files.map((f) => f.path);
    expect(files.sort()).toEqual(
      ['chunks/app.js', 'chunks/entry.js', 'chunks/start.js', 'chunks/vendor.js'].sort(),
    );
    // Inline stylesheets weigh too.
    writeFileSync(join(dir, 'styled.html'), `${html}<style>body{margin:0}</style>`);
    const styled = pageWeight(dir, 'styled.html');
    expect(styled.files.map((f) => f.path)).toContain('styled.html <style>');
    expect(styled.kb).toBeGreaterThan(pageWeight(dir, 'page.html').kb);
    // Before the entry runs, only what it imports statically.
    const first = firstLoadWeight(dir, 'page.html').files.map((f) => f.path);
    expect(first.sort()).toEqual(['chunks/entry.js', 'chunks/start.js']);
  });

  it("counts as preloaded what a start script's tag lists, not as loaded before the entry runs", () => {
    writeFileSync(join(dir, 'begin.js'), 'void 0;');
    writeFileSync(
      join(dir, 'started.html'),
      '<script src="/begin.js" data-preload="/chunks/app.js" defer></script><script type="module" src="/chunks/entry.js"></script>',
    );
    const preloaded = preloadedWeight(dir, 'started.html').files.map((f) => f.path);
    expect(preloaded.sort()).toEqual(
      [
        'begin.js',
        'chunks/app.js',
        'chunks/entry.js',
        'chunks/start.js',
        'chunks/vendor.js',
      ].sort(),
    );
    const first = firstLoadWeight(dir, 'started.html').files.map((f) => f.path);
    expect(first.sort()).toEqual(['begin.js', 'chunks/entry.js', 'chunks/start.js']);
  });
});
