import { defineConfig } from 'wxt';
import { extensionBuildConfig } from './lib/extension/shared/build-config';
import { pageChunks } from './scripts/page-chunks';

/**
 * One config for the Chrome and Edge MV3 builds (`wxt build`, `wxt build -b edge`).
 * The service URL is fixed per build (WXT_SERVICE_URL); enterprise policy can override it at run
 * time through chrome.storage.managed (public/managed_schema.json).
 */
export default defineConfig({
  // No webextension-polyfill: Chrome and Edge MV3 (minimum_chrome_version 120) return promises
  // from chrome.* natively, and the polyfill cost every page and the worker ~2.7 kB gzip to parse.
  modules: ['@wxt-dev/module-react'],
  imports: false,
  vite: () => {
    const chunks = pageChunks();
    return {
      plugins: chunks.plugins,
      // Chrome 120 preloads modules natively: no polyfill in every page's entry. Nor Vite's list
      // of what each import() needs, in each importing chunk: the popup's and the console's
      // start scripts preload what their entries import (scripts/page-chunks.ts), and the
      // console's later sections import only chunks its app has loaded by then.
      build: {
        modulePreload: {
          polyfill: false,
          resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : []),
        },
      },
    };
  },
  // The e2e suite builds a copy wired to its own service port into a separate folder.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  manifest: () => {
    const build = extensionBuildConfig(process.env);
    return {
      name: 'Org Zoom Connect',
      description: 'Zoom for your whole scheduling organization, approved once by a Zoom admin.',
      minimum_chrome_version: '120',
      permissions: ['storage', 'identity', 'alarms'],
      // Desktop notifications for alerts only where an admin turns them on (options page).
      optional_permissions: ['notifications'],
      host_permissions: [`${build.serviceOrigin}/*`],
      // Another service origin set by enterprise policy is granted at run time, on request.
      optional_host_permissions: ['https://*/*'],
      // The approval landing page (served by the org service) asks the extension to take over.
      externally_connectable: { ids: [], matches: [build.serviceMatchPattern] },
      storage: { managed_schema: 'managed_schema.json' },
      content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" },
      // A pinned id for local and test builds (the chromiumapp.org redirect depends on it).
      // Store packages must not carry `key`: Edge Partner Center rejects them.
      ...(build.storeBuild ? {} : { key: build.devPublicKey }),
    };
  },
});
