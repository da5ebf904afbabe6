import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The stewardship dashboard: a Preact single-page app built into dist/dashboard and served by the
 * ledger (apps/ledger/src/dashboard): the page at `/`, its assets under `/dashboard/`.
 *
 * `npm run dashboard:dev` serves it with hot reload on http://127.0.0.1:5173, passing the API's
 * paths to a ledger on http://127.0.0.1:3000 (`npm start`).
 */
const ledger = process.env.LEDGER_URL ?? 'http://127.0.0.1:3000';
const API = ['/commitments', '/pledges', '/partnerships', '/risk-agreements', '/organizations', '/collaboratives', '/ledger', '/health', '/api-keys'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  // Preact's automatic JSX runtime, compiled by Vite's own transformer (no Babel).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1', proxy: Object.fromEntries(API.map((path) => [path, { target: ledger }])) },
});
