// OpenAPI paths of the breach protocol (incidents, watches, reports, figures, credits), built
// from one table so every route reads the same way.

type Field = [
  name: string,
  type: 'string' | 'boolean' | 'date-time',
  required: boolean,
  description?: string,
];

interface RouteDoc {
  method: 'get' | 'post' | 'patch';
  path: string;
  summary: string;
  body?: Field[];
  query?: string[];
  statuses: string[];
}

const BY: Field = ['by', 'string', true, 'Who takes the step (person id or name).'];
const NOTICE: Field[] = [
  BY,
  ['clientId', 'string', false, 'Needed when the incident affects several clients.'],
  ['seeing', 'string', false, 'X: what we see (default: drafted from the breaching SLI).'],
  ['doing', 'string', false, 'Y: what we do (default: from the lever in play).'],
  ['next', 'string', false, 'Z: what we will tell next.'],
  ['nextUpdateAt', 'date-time', false, 'W: the promised time of the next update.'],
];

const ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/incidents',
    summary: 'Incidents, newest first.',
    query: ['status', 'client', 'service', 'limit'],
    statuses: ['200', '400', '401'],
  },
  {
    method: 'get',
    path: '/api/v1/incidents/{id}',
    summary: 'An incident with its recovery gate, figures, lever ladder and timeline.',
    statuses: ['200', '401', '404'],
  },
  {
    method: 'get',
    path: '/api/v1/incidents/{id}/notice-draft',
    summary: 'The composer: the next notice drafted as X/Y/Z/W.',
    query: ['client'],
    statuses: ['200', '401', '404', '409'],
  },
  {
    method: 'post',
    path: '/api/v1/incidents/{id}/notices',
    summary: 'Send the client a notice; W becomes a promise (reminded before, escalated after).',
    body: NOTICE,
    statuses: ['200', '400', '401', '404', '409'],
  },
  {
    method: 'post',
    path: '/api/v1/incidents/{id}/ack',
    summary: "Acknowledge the incident's pages: escalation stops.",
    body: [BY],
    statuses: ['200', '400', '401', '404'],
  },
  {
    method: 'post',
    path: '/api/v1/incidents/{id}/levers',
    summary:
      'Record a containment lever (in ladder order); optionally run its bound signed webhook.',
    body: [
      [
        'lever',
        'string',
        true,
        'feature-flag, deploy-rollback, migration-rollback or data-correction',
      ],
      ['outcome', 'string', true, 'tried, skipped, worked or failed'],
      BY,
      ['note', 'string', false, 'Required when skipped: why.'],
      ['runAction', 'boolean', false],
    ],
    statuses: ['200', '400', '401', '404', '409'],
  },
  {
    method: 'post',
    path: '/api/v1/incidents/{id}/resolve',
    summary:
      'Resolve once recovered (or with an override reason); opens the postmortem and tells the client.',
    body: [
      BY,
      ['rootCause', 'string', true],
      ['fix', 'string', true],
      ['overrideReason', 'string', false],
    ],
    statuses: ['200', '400', '401', '404', '409'],
  },
  {
    method: 'patch',
    path: '/api/v1/incidents/{id}/postmortem',
    summary: 'Edit the postmortem.',
    body: [
      BY,
      ['summary', 'string', false],
      ['rootCause', 'string', false],
      ['whatHappened', 'string', false],
      ['lessons', 'string', false],
    ],
    statuses: ['200', '400', '401', '404', '409'],
  },
  {
    method: 'post',
    path: '/api/v1/incidents/{id}/postmortem/complete',
    summary: 'Mark the postmortem done (needs a summary, root cause and a commitment).',
    body: [BY],
    statuses: ['200', '400', '401', '404', '409'],
  },
  {
    method: 'get',
    path: '/api/v1/incidents/{id}/postmortem.md',
    summary: 'The postmortem as Markdown.',
    statuses: ['200', '401', '404'],
  },
  {
    method: 'post',
    path: '/api/v1/incidents/{id}/commitments',
    summary: 'Add a structural-fix commitment (reminded when overdue).',
    body: [BY, ['title', 'string', true], ['owner', 'string', true], ['dueAt', 'date-time', true]],
    statuses: ['200', '400', '401', '404', '409'],
  },
  {
    method: 'post',
    path: '/api/v1/incidents/{id}/commitments/{commitmentId}/done',
    summary: 'Mark a commitment done.',
    body: [BY],
    statuses: ['200', '400', '401', '404', '409'],
  },
  {
    method: 'post',
    path: '/api/v1/incidents/{id}/client-commitments',
    summary: 'A named recovery commitment to the client (make right).',
    body: [BY, ['text', 'string', true], ['owner', 'string', true], ['dueAt', 'date-time', true]],
    statuses: ['200', '400', '401', '404'],
  },
  {
    method: 'post',
    path: '/api/v1/incidents/{id}/review',
    summary: 'Schedule the follow-up SLA review with the client.',
    body: [BY, ['at', 'date-time', true], ['with', 'string', true]],
    statuses: ['200', '400', '401', '404'],
  },
  {
    method: 'post',
    path: '/api/v1/incidents/{id}/make-right/complete',
    summary: 'Complete make right (needs the review); records the credit keys.',
    body: [BY],
    statuses: ['200', '400', '401', '404', '409'],
  },
  {
    method: 'get',
    path: '/api/v1/watches',
    summary: 'Watches (early-warning layer), newest first.',
    query: ['status', 'client', 'limit'],
    statuses: ['200', '400', '401'],
  },
  {
    method: 'get',
    path: '/api/v1/watches/{id}',
    summary: 'A watch with its timeline and the drafted heads-up.',
    statuses: ['200', '401', '404'],
  },
  {
    method: 'post',
    path: '/api/v1/watches/{id}/heads-up',
    summary: "The product owner's decision: send the client a heads-up, or not with a reason.",
    body: [
      BY,
      ['send', 'boolean', true],
      ['reason', 'string', false],
      ['seeing', 'string', false],
      ['doing', 'string', false],
      ['next', 'string', false],
      ['nextUpdateAt', 'date-time', false],
    ],
    statuses: ['200', '400', '401', '404', '409'],
  },
  {
    method: 'post',
    path: '/api/v1/clients/{id}/reports',
    summary: 'The client reported a problem (recorded on their open incident).',
    body: [
      ['text', 'string', true],
      ['at', 'date-time', false],
    ],
    statuses: ['200', '400', '401', '404'],
  },
  {
    method: 'post',
    path: '/api/v1/inbound/email',
    summary: "An inbound e-mail from a client's contact: a client report.",
    body: [
      ['from', 'string', true],
      ['subject', 'string', false],
      ['text', 'string', false],
      ['receivedAt', 'date-time', false],
    ],
    statuses: ['202', '400', '401', '404'],
  },
  {
    method: 'get',
    path: '/api/v1/figures/client-first',
    summary: 'Time to first client notice and "client reported first", overall and per client.',
    query: ['client'],
    statuses: ['200', '401'],
  },
  {
    method: 'get',
    path: '/api/v1/slas/{id}/credits',
    summary:
      "A month's credit statement (preview while the month runs) and the ledger entry if issued.",
    query: ['period'],
    statuses: ['200', '400', '401', '404'],
  },
  {
    method: 'post',
    path: '/api/v1/slas/{id}/credits/{period}',
    summary: "Issue a closed month's credit to the ledger (exactly once).",
    statuses: ['200', '201', '400', '401', '404', '409'],
  },
  {
    method: 'get',
    path: '/api/v1/credits',
    summary: 'The credit ledger.',
    query: ['client', 'sla', 'limit'],
    statuses: ['200', '400', '401'],
  },
];

const error = { $ref: '#/components/responses/Error' };

function schemaOf(fields: Field[]) {
  return {
    type: 'object',
    required: fields.filter((f) => f[2]).map((f) => f[0]),
    properties: Object.fromEntries(
      fields.map(([name, type, , description]) => [
        name,
        {
          ...(type === 'date-time' ? { type: 'string', format: 'date-time' } : { type }),
          ...(description !== undefined ? { description } : {}),
        },
      ]),
    ),
  };
}

function operation(r: RouteDoc) {
  const pathParams = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const queryParams = (r.query ?? []).map((name) => ({
    name,
    in: 'query',
    schema: { type: 'string' },
  }));
  return {
    summary: r.summary,
    security: [{ adminToken: [] }],
    parameters: [...pathParams, ...queryParams],
    ...(r.body !== undefined
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(r.body) } },
          },
        }
      : {}),
    responses: Object.fromEntries(
      r.statuses.map((s) => [s, s.startsWith('2') ? { description: 'OK' } : error]),
    ),
  };
}

export function protocolPaths(): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) (paths[r.path] ??= {})[r.method] = operation(r);
  return paths;
}
