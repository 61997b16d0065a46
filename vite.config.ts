// Builds the renderer (React) into dist/renderer. The browser host and the Electron shell
// both serve it under a strict CSP (`default-src 'self'`): no inline scripts or styles.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Keep module preload polyfill out: it would need an inline script under some configs.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
