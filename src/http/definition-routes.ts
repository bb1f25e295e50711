import type { FastifyInstance } from 'fastify';
import { applyDefinitions } from '../app/apply-definitions.js';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { parseConfig } from '../config/load-config.js';
import { exportOpenSlo } from '../config/openslo.js';

export function registerDefinitionRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  env: Record<string, string | undefined>,
): void {
  app.get<{ Querystring: { format?: string } }>('/api/v1/definitions', async (request, reply) => {
    const defs = ctx.engine.runtime?.definitions;
    if (defs === undefined) {
      throw new AppError('E_NOT_CONFIGURED', 'No definitions have been applied yet.');
    }
    if (request.query.format === 'openslo') {
      return reply.type('application/yaml').send(exportOpenSlo(defs));
    }
    return { definitions: defs };
  });

  /** Body: the YAML (or its JSON form) of a whole configuration; all-or-nothing. */
  app.post('/api/v1/definitions', async (request) => {
    const text = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    const result = parseConfig(text, 'request body', env);
    if (!result.ok) {
      throw new AppError(
        'E_CONFIG_INVALID',
        'The definitions do not validate; nothing was applied.',
        {
          problems: result.errors.map((e) => ({
            field: e.path,
            value: e.value,
            expected: e.expected,
            message: e.line !== undefined ? `line ${e.line}: ${e.message}` : e.message,
          })),
        },
      );
    }
    const summary = await applyDefinitions(
      ctx,
      result.config.definitions,
      result.config.pushTokens,
    );
    return { applied: summary };
  });
}
