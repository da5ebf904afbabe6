import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where the page's assets are served from; Vite builds them with this base (apps/dashboard/vite.config.mts). */
export const DASHBOARD_ASSETS_PREFIX = '/dashboard/';

/**
 * The folder Vite built the dashboard into: `dist/dashboard` under the repository root, found by
 * walking up from this file (apps/ledger/src/dashboard when run from source, dist/apps/ledger/src/dashboard when built).
 */
export function dashboardDir(from: string = __dirname): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'dashboard');
    if (dirname(dir) === dir) return null;
  }
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stewardship ledger</title></head>
<body><main><h1>Stewardship ledger</h1><p>The dashboard is not built yet: run <code>npm run build</code> (or <code>npm start</code>, which builds it) and reload.
The HTTP API is running; its documentation is at <a href="/docs">/docs</a>.</p></main></body></html>`;

/**
 * The page's own headers. The security headers (CSP with scripts from 'self' only, no framing,
 * nosniff) are the application's, set from helmet in bootstrap.ts (http/security-headers.ts) for every route: the built
 * page has no inline script, so it runs under that policy — less `upgrade-insecure-requests`,
 * which would make a browser fetch the page's scripts over https from a ledger served over plain
 * http on the network (HOST=0.0.0.0), and so show nothing.
 */
function pageHeaders(reply: FastifyReply): FastifyReply {
  const policy = reply.getHeader('content-security-policy');
  if (typeof policy === 'string') {
    const kept = policy
      .split(';')
      .map((directive) => directive.trim())
      .filter((directive) => directive !== '' && directive.toLowerCase() !== 'upgrade-insecure-requests');
    reply.header('content-security-policy', kept.join('; '));
  }
  return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache');
}

/**
 * Registers, in its own encapsulated Fastify context (so its decorators and hooks touch nothing
 * else): GET `/` → the dashboard page, and its hashed assets under /dashboard/ (cached for a year).
 * These routes are Fastify's, outside Nest's guards: the page holds no data; everything it shows
 * comes from the API with the signed-in key.
 */
export function registerDashboard(fastify: FastifyInstance, dir: string | null = dashboardDir()): void {
  const index = dir === null ? null : join(dir, 'index.html');
  const built = index !== null && existsSync(index);
  void fastify.register(async (scope) => {
    if (built && dir !== null) {
      await scope.register(fastifyStatic, {
        root: dir,
        prefix: DASHBOARD_ASSETS_PREFIX,
        decorateReply: false,
        index: false,
        redirect: false,
        wildcard: true,
        cacheControl: false,
        setHeaders: (reply, path) => {
          reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    }
    // Read on every request (a small file), so a rebuild shows without a restart.
    const page = async (_request: unknown, reply: FastifyReply) => {
      const html = built && index !== null ? await readFile(index, 'utf8').catch(() => NOT_BUILT) : NOT_BUILT;
      return pageHeaders(reply).send(html);
    };
    scope.get('/', page);
    scope.get(DASHBOARD_ASSETS_PREFIX, page);
  });
}
