// Every method + path the running server answers, read from Fastify's own route tree
// (`printRoutes`), so a route added anywhere shows up here without anyone listing it.

import type { FastifyInstance } from 'fastify';

/** "GET /api/v1/slas/:id" for every registered route; HEAD is left out (Fastify adds it to GETs). */
export function serverRoutes(app: FastifyInstance): string[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const prefixes: string[] = [];
  const routes = new Set<string>();
  for (const line of tree.split('\n')) {
    const branch = line.search(/[├└]── /);
    if (branch < 0) continue;
    const depth = branch / 4;
    if (!Number.isInteger(depth)) throw new Error(`unexpected route tree line: ${line}`);
    const rest = line.slice(branch + 4);
    const open = rest.lastIndexOf(' (');
    const segment = open < 0 ? rest.trimEnd() : rest.slice(0, open);
    const path = (depth === 0 ? '' : (prefixes[depth - 1] ?? '')) + segment;
    prefixes[depth] = depth === 0 ? '/' : path;
    if (open < 0) continue;
    const fullPath = depth === 0 ? '/' : path.startsWith('/') ? path : `/${path}`;
    for (const method of rest.slice(open + 2, rest.lastIndexOf(')')).split(', ')) {
      if (method !== 'HEAD') routes.add(`${method} ${fullPath}`);
    }
  }
  return [...routes].sort();
}
