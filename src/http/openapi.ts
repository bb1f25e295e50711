// The OpenAPI 3.1 description of the REST API. A test keeps it in step with the routes.

import { ERROR_CODES } from '../app/errors.js';
import { accountPaths, accountSecuritySchemes } from './openapi-accounts.js';
import { protocolPaths } from './openapi-protocol.js';

const error = {
  description:
    'An error with a stable code; problems name the field, the value and what was expected.',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
const ok = (description: string, schema: object = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema } },
});
const idParam = (what: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description: `The ${what} id.`,
  schema: { type: 'string' },
});
const admin = [{ adminToken: [] }];

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Forewarn API',
    version: '1',
    description:
      'SLA monitoring with early warning and the breach protocol. Push samples with a client push token; everything else needs the admin token.',
  },
  components: {
    responses: { Error: error },
    securitySchemes: {
      pushToken: {
        type: 'http',
        scheme: 'bearer',
        description: 'A client push token (push only).',
      },
      adminToken: { type: 'http', scheme: 'bearer', description: 'The instance admin token.' },
      ...accountSecuritySchemes,
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string', enum: Object.keys(ERROR_CODES) },
              message: { type: 'string' },
              problems: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    field: { type: 'string' },
                    value: {},
                    expected: { type: 'string' },
                    message: { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
      Sample: {
        type: 'object',
        required: ['sli'],
        properties: {
          sli: { type: 'string' },
          ts: {
            description: 'Epoch milliseconds or ISO-8601; defaults to the time received.',
            oneOf: [{ type: 'integer' }, { type: 'string', format: 'date-time' }],
          },
          good: { type: 'integer', minimum: 0 },
          total: { type: 'integer', minimum: 0 },
          value: { type: 'number', minimum: 0 },
          count: { type: 'integer', minimum: 1 },
        },
      },
      IngestResult: {
        type: 'object',
        properties: {
          accepted: { type: 'integer' },
          duplicate: { type: 'boolean' },
          refused: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                index: { type: 'integer' },
                field: { type: 'string' },
                value: {},
                expected: { type: 'string' },
                code: { type: 'string' },
                message: { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
  paths: {
    '/api/v1/samples': {
      post: {
        summary: 'Push one sample or a batch; a 200 means every accepted sample is durable.',
        security: [{ pushToken: [] }],
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            schema: { type: 'string' },
            description:
              'Re-sending with the same key changes nothing and returns the first answer.',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                oneOf: [
                  { $ref: '#/components/schemas/Sample' },
                  {
                    type: 'object',
                    required: ['samples'],
                    properties: {
                      batchId: { type: 'string' },
                      samples: { type: 'array', items: { $ref: '#/components/schemas/Sample' } },
                    },
                  },
                ],
              },
            },
          },
        },
        responses: {
          '200': ok('Accepted (and which items were refused).', {
            $ref: '#/components/schemas/IngestResult',
          }),
          '400': error,
          '401': error,
          '413': error,
          '415': error,
          '422': error,
          '503': error,
        },
      },
    },
    '/api/v1/definitions': {
      get: {
        summary: 'The current definitions (JSON, or OpenSLO YAML with ?format=openslo).',
        security: admin,
        responses: { '200': ok('Definitions'), '401': error, '409': error },
      },
      post: {
        summary: 'Validate and apply a whole configuration (YAML or JSON); all or nothing.',
        security: admin,
        requestBody: {
          required: true,
          content: { 'application/yaml': { schema: { type: 'string' } }, 'application/json': {} },
        },
        responses: { '200': ok('Applied'), '401': error, '422': error },
      },
    },
    '/api/v1/clients': {
      get: {
        summary: 'Clients.',
        security: admin,
        responses: { '200': ok('Clients'), '401': error },
      },
    },
    '/api/v1/clients/{id}': {
      get: {
        summary: 'A client with the status of its SLAs.',
        security: admin,
        parameters: [idParam('client')],
        responses: { '200': ok('Client'), '401': error, '404': error },
      },
    },
    '/api/v1/slas': {
      get: {
        summary: 'Every SLA with the current status of its objectives.',
        security: admin,
        parameters: [{ name: 'client', in: 'query', required: false, schema: { type: 'string' } }],
        responses: { '200': ok('SLAs'), '401': error },
      },
    },
    '/api/v1/slas/{id}': {
      get: {
        summary: 'One SLA: definition and current status.',
        security: admin,
        parameters: [idParam('SLA')],
        responses: { '200': ok('SLA'), '401': error, '404': error },
      },
    },
    '/api/v1/slas/{id}/budget': {
      get: {
        summary: 'Error budget of each budget objective: attainment, budget left, burn rates.',
        security: admin,
        parameters: [idParam('SLA')],
        responses: { '200': ok('Budget'), '401': error, '404': error },
      },
    },
    '/api/v1/slas/{id}/history': {
      get: {
        summary: 'Transitions of the SLA objectives, newest first, with their reasons and numbers.',
        security: admin,
        parameters: [
          idParam('SLA'),
          { name: 'since', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'until', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer' } },
        ],
        responses: { '200': ok('History'), '400': error, '401': error, '404': error },
      },
    },
    '/api/v1/slas/{id}/backtest': {
      post: {
        summary:
          "What each early-warning policy would have done over the SLA's stored history (own policy first).",
        security: admin,
        parameters: [idParam('SLA')],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  policies: {
                    type: 'array',
                    maxItems: 8,
                    items: { type: 'string' },
                    description:
                      '"own", "fraction:R", "trend:DURATION", "burn:workbook", or several joined by "+".',
                  },
                  days: { type: 'integer', minimum: 1, maximum: 90, default: 30 },
                  objective: { type: 'string', description: 'Only this objective (local id).' },
                  stepSeconds: {
                    type: 'integer',
                    minimum: 60,
                    maximum: 3600,
                    multipleOf: 60,
                    default: 60,
                  },
                  labels: {
                    type: 'array',
                    maxItems: 1000,
                    items: {
                      type: 'object',
                      required: ['from', 'to'],
                      properties: {
                        objective: { type: 'string' },
                        from: {
                          oneOf: [{ type: 'integer' }, { type: 'string', format: 'date-time' }],
                        },
                        to: {
                          oneOf: [{ type: 'integer' }, { type: 'string', format: 'date-time' }],
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': ok('Transitions, counts and (with labels) scores per objective and policy'),
          '400': error,
          '401': error,
          '404': error,
        },
      },
    },
    '/api/v1/events': {
      get: {
        summary: 'Transitions as they happen (Server-Sent Events, event "transition").',
        security: admin,
        responses: { '200': { description: 'text/event-stream' }, '401': error },
      },
    },
    '/api/v1/notifications': {
      get: {
        summary: 'Notifications, newest first, with their delivery status.',
        security: admin,
        parameters: [
          { name: 'incident', in: 'query', required: false, schema: { type: 'string' } },
          {
            name: 'status',
            in: 'query',
            required: false,
            schema: { type: 'string', enum: ['pending', 'delivered', 'dead'] },
          },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer' } },
        ],
        responses: { '200': ok('Notifications'), '400': error, '401': error },
      },
    },
    '/api/v1/notifications/dead-letters': {
      get: {
        summary: 'Notifications that could not be delivered (retry them by hand).',
        security: admin,
        responses: { '200': ok('Dead letters'), '401': error },
      },
    },
    '/api/v1/notifications/{id}': {
      get: {
        summary: 'One notification with every delivery attempt (status codes, timings, reasons).',
        security: admin,
        parameters: [idParam('notification')],
        responses: { '200': ok('Notification'), '401': error, '404': error },
      },
    },
    '/api/v1/notifications/{id}/retry': {
      post: {
        summary: 'Queue a dead-lettered notification again.',
        security: admin,
        parameters: [idParam('notification')],
        responses: { '200': ok('Queued'), '401': error, '404': error, '409': error },
      },
    },
    '/api/v1/notifications/{id}/ack': {
      post: {
        summary: 'Acknowledge the page (and its incident): escalation stops.',
        security: admin,
        parameters: [idParam('notification')],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['by'], properties: { by: { type: 'string' } } },
            },
          },
        },
        responses: { '200': ok('Acknowledged'), '400': error, '401': error, '404': error },
      },
    },
    '/api/v1/endpoints/{id}/test': {
      post: {
        summary: 'Send a test notification through an endpoint (email needs an address).',
        security: admin,
        parameters: [idParam('endpoint')],
        responses: { '200': ok('Queued'), '400': error, '401': error, '404': error },
      },
    },
    '/api/v1/alertmanager': {
      post: {
        summary:
          'Alertmanager webhook receiver (version 4): alerts labelled forewarn_objective="<slaId>/<localId>" open a breach or early warning (forewarn_layer, else severity) and their resolution closes it; others are refused with a reason.',
        security: admin,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['version', 'status', 'alerts'],
                properties: {
                  version: { const: '4' },
                  status: { enum: ['firing', 'resolved'] },
                  alerts: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['status', 'labels', 'startsAt', 'fingerprint'],
                      properties: {
                        status: { enum: ['firing', 'resolved'] },
                        labels: { type: 'object', additionalProperties: { type: 'string' } },
                        annotations: { type: 'object', additionalProperties: { type: 'string' } },
                        startsAt: { type: 'string', format: 'date-time' },
                        endsAt: { type: 'string' },
                        fingerprint: { type: 'string' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': ok('Counts applied/unchanged/refused and the outcome of each alert'),
          '400': error,
          '401': error,
          '409': error,
        },
      },
    },
    '/api/v1/clients/{id}/status-page': {
      get: {
        summary:
          "A client's status page: public or not, its path, the secret links (without secrets) and the subscriber count (docs/status-page.md).",
        security: admin,
        parameters: [idParam('client')],
        responses: { '200': ok('Status page'), '401': error, '404': error },
      },
      put: {
        summary: 'Make the status page public (`{ "public": true }`) or private again.',
        security: admin,
        parameters: [idParam('client')],
        responses: { '200': ok('Status page'), '400': error, '401': error, '404': error },
      },
    },
    '/api/v1/clients/{id}/status-links': {
      post: {
        summary: 'Create a revocable secret link to the status page; the secret is shown once.',
        security: admin,
        parameters: [idParam('client')],
        responses: { '201': ok('Status link'), '400': error, '401': error, '404': error },
      },
    },
    '/api/v1/clients/{id}/status-links/{linkId}': {
      delete: {
        summary: 'Revoke a status link: it answers like a missing page from then on.',
        security: admin,
        parameters: [
          idParam('client'),
          { name: 'linkId', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: { '204': { description: 'Revoked' }, '401': error, '404': error },
      },
    },
    '/api/v1/clients/{id}/reports/{month}': {
      get: {
        summary:
          "A client's monthly report figures (attainment with its calculation, incidents, credits); frozen once the month has closed (docs/reports.md).",
        security: admin,
        parameters: [
          idParam('client'),
          {
            name: 'month',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
          },
        ],
        responses: { '200': ok('Report'), '400': error, '401': error, '404': error },
      },
    },
    '/api/v1/probes': {
      get: {
        summary:
          "Each HTTP probe's last check (up, reason and message, latency, status, certificate days left) and its counts.",
        security: admin,
        responses: { '200': ok('Probes'), '401': error },
      },
    },
    '/api/v1/write': {
      post: {
        summary:
          'Prometheus remote write 1.0 receiver: a snappy-compressed prometheus.WriteRequest; series selected by the remoteWrite rules become SLI samples, the rest are dropped (docs/remote-write.md).',
        security: admin,
        requestBody: {
          required: true,
          content: { 'application/x-protobuf': { schema: { type: 'string', format: 'binary' } } },
        },
        responses: {
          '204': { description: 'Accepted: mapped samples are durable' },
          '400': error,
          '401': error,
          '409': error,
          '413': error,
          '415': error,
          '422': error,
          '503': error,
        },
      },
    },
    '/metrics': {
      get: {
        summary:
          "Forewarn's own metrics in the Prometheus text format: ingest, evaluation ticks, transitions, objective states, outbox depth.",
        security: admin,
        responses: { '200': { description: 'text/plain; version=0.0.4' }, '401': error },
      },
    },
    '/healthz': {
      get: {
        summary: 'Liveness and whether definitions are loaded.',
        responses: { '200': ok('Health') },
      },
    },
    '/openapi.json': {
      get: { summary: 'This document.', responses: { '200': ok('OpenAPI') } },
    },
    ...protocolPaths(),
    ...accountPaths(),
  },
} as const;
