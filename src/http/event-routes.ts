// Live transitions and protocol changes (incidents, watches) as Server-Sent Events.

import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { publicProtocolEvent, type ProtocolEvent } from '../app/events.js';
import type { Transition } from '../domain/objective-state.js';

const HEARTBEAT_MS = 15_000;

export function registerEventRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/v1/events', (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': forewarn transitions\n\n');
    const onTransition = (t: Transition) => {
      res.write(`event: transition\ndata: ${JSON.stringify(t)}\n\n`);
    };
    const onProtocol = (e: ProtocolEvent) => {
      res.write(`event: ${e.subject}\ndata: ${JSON.stringify(publicProtocolEvent(e))}\n\n`);
    };
    ctx.events.on('transition', onTransition);
    ctx.events.on('protocol', onProtocol);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      ctx.events.off('transition', onTransition);
      ctx.events.off('protocol', onProtocol);
    });
  });
}
