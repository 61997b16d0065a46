// Compiles the Node side — the `zta-console` CLI, the cache and read workers and the Electron main process —
// into plain JavaScript in dist/node, so the product runs without a TypeScript loader (tsx is a
// development dependency). An SSR build: every package stays an import from node_modules, which
// native modules (better-sqlite3-multiple-ciphers), PGlite (it loads its wasm and data files from
// its own folder), pino and Electron need.
import { defineConfig } from 'vite';

export default defineConfig({
  // No public/ folder to copy, no .env files to read: this build takes only the four entries.
  publicDir: false,
  envDir: false,
  ssr: { external: true, target: 'node' },
  build: {
    ssr: true,
    outDir: 'dist/node',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: {
        cli: 'main/cli/index.ts',
        'cache-worker': 'main/core/worker/cache-worker.ts',
        'read-worker': 'main/core/worker/read-worker.ts',
        'electron-main': 'main/electron/main.ts',
      },
      output: {
        format: 'es',
        // One flat folder: every file sits at the same depth, next to the entries.
        entryFileNames: '[name].js',
        chunkFileNames: '[name]-[hash].js',
      },
    },
  },
});
