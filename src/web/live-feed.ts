// Live updates for open dashboard pages over Server-Sent Events, fed by the same app events as
// /api/v1/events. Each change is turned into a row once and written to every open stream: a
// transition gives the objective's new row; a protocol event is passed on (incident and watch
// pages reload on it) and gives the rows of its objectives with their watch or incident link.

import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { publicProtocolEvent, type ProtocolEvent } from '../app/events.js';
import { riskRowOf } from '../app/rank-objectives-by-risk.js';
import { loadIncident, loadWatch } from '../app/update-incident.js';
import type { Transition } from '../domain/objective-state.js';
import { requireTeam } from './access.js';
import { rowCells } from './overview-page.js';
import { SECURITY_HEADERS } from './security-headers.js';

const HEARTBEAT_MS = 15_000;

/** The dashboard's event stream: refused with a status (never sent to sign in, as pages are). */
export const LIVE_PATH = '/live';

export class LiveFeed {
  private readonly streams = new Set<ServerResponse>();
  private readonly onTransition = (t: Transition) => this.transition(t);
  private readonly onProtocol = (e: ProtocolEvent) => this.protocol(e);

  constructor(private readonly ctx: AppContext) {}

  register(app: FastifyInstance): void {
    this.ctx.events.on('transition', this.onTransition);
    this.ctx.events.on('protocol', this.onProtocol);
    app.addHook('onClose', async () => {
      this.ctx.events.off('transition', this.onTransition);
      this.ctx.events.off('protocol', this.onProtocol);
      for (const s of this.streams) s.end();
      this.streams.clear();
    });
    app.get(LIVE_PATH, (request, reply) => {
      requireTeam(request, 'viewer');
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 3000\n: forewarn live\n\n');
      this.streams.add(res);
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        this.streams.delete(res);
      });
    });
  }

  get size(): number {
    return this.streams.size;
  }

  private send(event: string, data: unknown): void {
    if (this.streams.size === 0) return;
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const s of this.streams) s.write(frame);
  }

  private transition(t: Transition): void {
    if (this.streams.size === 0) return;
    const row = riskRowOf(this.ctx, t.objectiveKey);
    if (row !== undefined) this.send('row', { ...rowCells(row), links: false });
  }

  /** Cases whose rows are sent again on the next turn: the steps of one commit come together. */
  private readonly changedCases = new Map<string, ProtocolEvent>();

  private protocol(event: ProtocolEvent): void {
    if (this.streams.size === 0) return;
    const e = publicProtocolEvent(event);
    this.send(e.subject, e);
    const first = this.changedCases.size === 0;
    this.changedCases.set(`${e.subject}:${e.id}`, e);
    if (first) setImmediate(() => void this.sendChangedRows());
  }

  private async sendChangedRows(): Promise<void> {
    const cases = [...this.changedCases.values()];
    this.changedCases.clear();
    for (const e of cases) {
      try {
        if (e.subject === 'incident') {
          const incident = await loadIncident(this.ctx, e.id);
          const open = incident.status === 'open';
          for (const o of incident.objectives) {
            this.sendRow(o.objectiveKey, { incidentId: open ? incident.id : null, watchId: null });
          }
        } else {
          const watch = await loadWatch(this.ctx, e.id);
          this.sendRow(watch.objectiveKey, {
            incidentId: watch.status === 'became-incident' ? (watch.incidentId ?? null) : null,
            watchId: watch.status === 'open' ? watch.id : null,
          });
        }
      } catch (err) {
        this.ctx.logger.warn({ err, event: e }, 'live feed could not read a protocol record');
      }
    }
  }

  private sendRow(key: string, links: { incidentId: string | null; watchId: string | null }) {
    const row = riskRowOf(this.ctx, key, links);
    if (row !== undefined) this.send('row', { ...rowCells(row), links: true });
  }
}
