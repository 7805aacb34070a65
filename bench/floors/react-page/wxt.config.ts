import { defineConfig } from 'wxt';

/**
 * The floor for the extension pages: a bare React page built by the same toolchain as the
 * product (WXT, Vite, @wxt-dev/module-react), loaded as its own extension beside the product, so
 * its page opens the way popup.html and options.html do. The bench sets WXT_OUT_DIR.
 */
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  imports: false,
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  manifest: { name: 'Bench floor: bare React page', version: '1.0.0' },
});
