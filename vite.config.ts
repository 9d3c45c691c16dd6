// Builds the React renderer: root src/renderer → dist/renderer, relative asset URLs because
// Electron loads the page from file://.
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: path.resolve(__dirname, 'src/renderer'),
  base: './',
  plugins: [react({})],
  build: {
    outDir: path.resolve(__dirname, 'dist/renderer'),
    emptyOutDir: true,
    // No inline scripts or eval: the CSP forbids both.
    modulePreload: { polyfill: false },
    sourcemap: true,
    // One bundle for a desktop app loaded from disk: size matters less than a single request.
    chunkSizeWarningLimit: 1024,
  },
  server: { host: '127.0.0.1' },
});
