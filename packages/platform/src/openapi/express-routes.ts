import type { Express } from 'express';

/** A route an Express app answers: lower-case method, Express-style path (`/api/v1/orders/:id`). */
export interface RegisteredRoute {
  method: string;
  path: string;
}

/** What router ≥ 2.3 (Express 5) lists: a route with its methods, or a mounted router. */
interface ListedRoute {
  path: string | RegExp;
  methods?: string[];
  router?: unknown;
}

interface ListingRouter {
  listRoutes?: () => ListedRoute[];
}

function joinPaths(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
}

function walk(router: ListingRouter, prefix: string): RegisteredRoute[] {
  if (typeof router.listRoutes !== 'function') throw new Error('listing routes needs the router of Express 5 (router ≥ 2.3, `listRoutes`)');
  const found: RegisteredRoute[] = [];
  for (const listed of router.listRoutes()) {
    const path = typeof listed.path === 'string' ? joinPaths(prefix, listed.path) : `${prefix}${String(listed.path)}`;
    if (listed.router) {
      found.push(...walk(listed.router as ListingRouter, path));
      continue;
    }
    const methods = (listed.methods ?? []).map((method) => method.toLowerCase());
    // Express answers HEAD for every GET on its own: not a route of its own.
    for (const method of methods) if (!(method === 'head' && methods.includes('get'))) found.push({ method, path });
  }
  return found;
}

/**
 * Every route `app` answers, mounted routers included (`router.use('/base', inner)` gives
 * `/base/…`); middleware is not a route. What the OpenAPI document must cover.
 */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  return walk(app.router as ListingRouter, '');
}
