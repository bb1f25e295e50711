// The dashboard's static files — its CSS and scripts, and uPlot from its npm package — read once
// at start and served under a content hash, so a browser caches them for a year and a new
// version is a new URL.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';

export interface Asset {
  url: string;
  body: Buffer;
  contentType: string;
}

export type AssetName =
  'dashboard.css' | 'dashboard.js' | 'sla-chart.js' | 'uplot.js' | 'uplot.css';

// From src/web or dist/web alike, the repository root is two levels up.
const OWN = new URL('../../src/web/assets/', import.meta.url);
const require = createRequire(import.meta.url);

const SOURCES: Record<AssetName, () => Buffer> = {
  'dashboard.css': () => readFileSync(new URL('dashboard.css', OWN)),
  'dashboard.js': () => readFileSync(new URL('dashboard.js', OWN)),
  'sla-chart.js': () => readFileSync(new URL('sla-chart.js', OWN)),
  'uplot.js': () => readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js')),
  'uplot.css': () => readFileSync(require.resolve('uplot/dist/uPlot.min.css')),
};

export class Assets {
  private readonly byName = new Map<AssetName, Asset>();
  private readonly byFile = new Map<string, Asset>();

  constructor() {
    for (const [name, read] of Object.entries(SOURCES) as Array<[AssetName, () => Buffer]>) {
      const body = read();
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
      const dot = name.lastIndexOf('.');
      const file = `${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
      const asset = {
        url: `/assets/${file}`,
        body,
        contentType: name.endsWith('.css')
          ? 'text/css; charset=utf-8'
          : 'text/javascript; charset=utf-8',
      };
      this.byName.set(name, asset);
      this.byFile.set(file, asset);
    }
  }

  url(name: AssetName): string {
    return this.byName.get(name)?.url ?? '';
  }

  register(app: FastifyInstance): void {
    app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
      const asset = this.byFile.get(request.params.file);
      if (asset === undefined) {
        return reply.code(404).type('text/plain; charset=utf-8').send('No such asset.');
      }
      return reply
        .type(asset.contentType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(asset.body);
    });
  }
}
