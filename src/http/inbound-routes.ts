// "The client reported it" by e-mail: an inbound-mail webhook (the JSON most mail services can
// post: from, subject, text) matched to a client by its contacts' addresses.

import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { recordClientReport } from '../app/incident-notices.js';
import { BodyFields } from './body-fields.js';

/** "Ops <ops@acme.example>" or "ops@acme.example" → "ops@acme.example". */
function addressOf(from: string): string {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(from);
  return (angle?.[1] ?? from).trim().toLowerCase();
}

export function registerInboundRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: unknown }>('/api/v1/inbound/email', async (request, reply) => {
    const f = new BodyFields(request.body);
    const from = f.text('from', { max: 500 });
    const subject = f.optionalText('subject', { max: 1000 });
    const text = f.optionalText('text', { max: 100_000 });
    const atMs = f.optionalInstant('receivedAt');
    f.done('inbound e-mail');
    const address = addressOf(from);
    const client = ctx.engine.runtime?.definitions.clients.find((c) =>
      c.contacts.some((contact) =>
        contact.contactPoints.some((p) => p.address?.toLowerCase() === address),
      ),
    );
    if (client === undefined) {
      throw new AppError('E_CLIENT_NOT_FOUND', 'The sender is not a contact of any client.', {
        problems: [
          { field: 'from', value: address, expected: "the address of a client's contact" },
        ],
      });
    }
    const report = await recordClientReport(ctx, {
      clientId: client.id,
      text: [subject, text].filter((s) => s !== undefined).join('\n\n') || '(empty message)',
      source: 'email',
      ...(atMs !== undefined ? { atMs } : {}),
    });
    return reply.code(202).send({ report });
  });
}
