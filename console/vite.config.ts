// Builds the console into dist/console, which the control plane serves (src/protocol/console-assets.ts).
// Everything is bundled: the page loads nothing from another origin and runs no inline script.
import { defineConfig } from 'vite'
import { fileURLToPath } from 'node:url'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative URLs, so the bundle works under whatever OPENKMS_CONSOLE_PATH mounts it.
  base: './',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Vite would otherwise inline small assets as data: URLs and add a module-preload polyfill script.
    assetsInlineLimit: 0,
    modulePreload: false,
    sourcemap: false,
    reportCompressedSize: false,
  },
})
