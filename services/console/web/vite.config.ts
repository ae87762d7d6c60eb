import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console's browser app: built from web/ into services/console/dist, served by the console
 * server (src/server.ts) at the root of its origin. Hashed file names under assets/ are cached for
 * a year; index.html is revalidated on every load.
 */
export default defineConfig({
  root: __dirname,
  base: '/',
  publicDir: path.join(__dirname, 'public'),
  plugins: [react()],
  build: {
    outDir: path.resolve(__dirname, '../dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    target: 'es2022',
  },
});
