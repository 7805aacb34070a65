/**
 * A value kept on the page's global under a registered symbol, created on first use. A page's
 * classic start script (entrypoints/*-start.ts) is built on its own, with its own copy of every
 * module it imports: what it hands to the page's module entry has to live here, not in a module
 * variable.
 */
export function pageGlobal<T>(name: string, create: () => T): T {
  const key = Symbol.for(`orgZoomConnect.${name}`);
  const page = globalThis as { [key: symbol]: T | undefined };
  page[key] ??= create();
  return page[key];
}
