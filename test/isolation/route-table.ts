// Every route of the server, classified for the tenant isolation test: which client object each
// path parameter names, and who may change something through it. The test fails when the server
// has a route this table does not list (or the table lists one the server lost), so a new route
// cannot escape the isolation matrix.

/** Path parameters that name one client's object; the test fills them with acme's, globex's or a missing id. */
export type ObjectKind =
  | 'client'
  | 'sla'
  | 'incident'
  | 'watch'
  | 'notification'
  | 'status-link'
  | 'status-secret'
  | 'user'
  | 'api-token';

/** A parameter that names no client's object (a month, a file, a channel): always this value. */
export interface Fixed {
  fixed: string;
}

export interface RouteSpec {
  params?: Record<string, ObjectKind | Fixed>;
  /** The SLI pushed in the body names a client's object (samples only). */
  bodySli?: true;
  query?: string;
  /**
   * Who may change something through it; absent for reads. `anyone`: sign-in forms, CSP reports
   * and the status page's subscription steps; `push`: a push token for its own client's SLIs.
   */
  changes?: 'anyone' | 'push' | 'member' | 'admin';
  /** Server-sent events: never opened by the team (the stream stays open), only refused. */
  stream?: true;
}

const month: Fixed = { fixed: '2026-10' };
const sla = { id: 'sla' } as const;
const incident = { id: 'incident' } as const;
const client = { id: 'client' } as const;
const commitment = { id: 'incident', commitmentId: { fixed: 'c_0000000000' } } as const;

export const ROUTE_TABLE: Record<string, RouteSpec> = {
  // Sign-in, assets and documents without client data.
  'GET /auth.css': {},
  'GET /login': {},
  'POST /login': { changes: 'anyone' },
  'POST /logout': { changes: 'anyone' },
  'GET /account/password': {},
  'POST /account/password': { changes: 'anyone' },
  'GET /setup': {},
  'POST /setup': { changes: 'anyone' },
  'GET /healthz': {},
  'GET /openapi.json': {},
  'GET /assets/:file': { params: { file: { fixed: 'dashboard.css' } } },
  'POST /csp-report': { changes: 'anyone' },
  'GET /status/status.css': {},
  'GET /reports/report.css': {},

  // Ingest: a push token pushes its own client's SLIs.
  'POST /api/v1/samples': { bodySli: true, changes: 'push' },

  // The team dashboard.
  'GET /': {},
  'GET /live': { stream: true },
  'GET /settings': {},
  'GET /settings/definitions': {},
  'POST /settings/definitions': { changes: 'admin' },
  'POST /settings/channels/:id/test': { params: { id: { fixed: 'mail' } }, changes: 'admin' },
  'GET /slas/:id': { params: sla },
  'GET /slas/:id/chart.json': { params: sla, query: 'objective=latency&range=30d' },
  'GET /incidents': {},
  'GET /incidents/:id': { params: incident },
  'GET /incidents/:id/postmortem.md': { params: incident },
  'POST /incidents/:id/postmortem': { params: incident, changes: 'member' },
  'POST /incidents/:id/postmortem/complete': { params: incident, changes: 'member' },
  'POST /incidents/:id/notices': { params: incident, changes: 'member' },
  'POST /incidents/:id/ack': { params: incident, changes: 'member' },
  'POST /incidents/:id/levers': { params: incident, changes: 'member' },
  'POST /incidents/:id/resolve': { params: incident, changes: 'member' },
  'POST /incidents/:id/review': { params: incident, changes: 'member' },
  'POST /incidents/:id/commitments': { params: incident, changes: 'member' },
  'POST /incidents/:id/commitments/:commitmentId/done': { params: commitment, changes: 'member' },
  'POST /incidents/:id/client-commitments': { params: incident, changes: 'member' },
  'POST /incidents/:id/make-right/complete': { params: incident, changes: 'member' },
  'GET /watches/:id': { params: { id: 'watch' } },
  'POST /watches/:id/heads-up': { params: { id: 'watch' }, changes: 'member' },

  // The client status page and reports.
  'GET /status/:clientId': { params: { clientId: 'client' } },
  'GET /status/:clientId/feed.xml': { params: { clientId: 'client' } },
  'POST /status/:clientId/subscribe': { params: { clientId: 'client' }, changes: 'anyone' },
  'GET /status/:clientId/s/:secret': { params: { clientId: 'client', secret: 'status-secret' } },
  'GET /status/:clientId/s/:secret/feed.xml': {
    params: { clientId: 'client', secret: 'status-secret' },
  },
  'POST /status/:clientId/s/:secret/subscribe': {
    params: { clientId: 'client', secret: 'status-secret' },
    changes: 'anyone',
  },
  'GET /status/:clientId/subscription/confirm': {
    params: { clientId: 'client' },
    query: 'token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  },
  'GET /status/:clientId/subscription/unsubscribe': {
    params: { clientId: 'client' },
    query: 'token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  },
  'POST /status/:clientId/subscription/unsubscribe': {
    params: { clientId: 'client' },
    changes: 'anyone',
  },
  'GET /reports/:clientId/:month': { params: { clientId: 'client', month } },

  // The JSON API (team only; changes need the admin role).
  'GET /api/v1/slas': {},
  'GET /api/v1/slas/:id': { params: sla },
  'GET /api/v1/slas/:id/budget': { params: sla },
  'GET /api/v1/slas/:id/history': { params: sla },
  'GET /api/v1/slas/:id/credits': { params: sla },
  'POST /api/v1/slas/:id/credits/:period': { params: { ...sla, period: month }, changes: 'admin' },
  'POST /api/v1/slas/:id/backtest': { params: sla, changes: 'admin' },
  'GET /api/v1/users': {},
  'POST /api/v1/users': { changes: 'admin' },
  'GET /api/v1/users/:id': { params: { id: 'user' } },
  'PATCH /api/v1/users/:id': { params: { id: 'user' }, changes: 'admin' },
  'DELETE /api/v1/users/:id': { params: { id: 'user' }, changes: 'admin' },
  'GET /api/v1/tokens': {},
  'POST /api/v1/tokens': { changes: 'admin' },
  'DELETE /api/v1/tokens/:id': { params: { id: 'api-token' }, changes: 'admin' },
  'GET /api/v1/definitions': {},
  'POST /api/v1/definitions': { changes: 'admin' },
  'GET /api/v1/clients': {},
  'GET /api/v1/clients/:id': { params: client },
  'POST /api/v1/clients/:id/reports': { params: client, changes: 'admin' },
  'GET /api/v1/clients/:id/reports/:month': { params: { ...client, month } },
  'GET /api/v1/clients/:id/status-page': { params: client },
  'PUT /api/v1/clients/:id/status-page': { params: client, changes: 'admin' },
  'POST /api/v1/clients/:id/status-links': { params: client, changes: 'admin' },
  'DELETE /api/v1/clients/:id/status-links/:linkId': {
    params: { ...client, linkId: 'status-link' },
    changes: 'admin',
  },
  'GET /api/v1/credits': {},
  'GET /api/v1/events': { stream: true },
  'POST /api/v1/endpoints/:id/test': { params: { id: { fixed: 'mail' } }, changes: 'admin' },
  'GET /api/v1/notifications': {},
  'GET /api/v1/notifications/dead-letters': {},
  'GET /api/v1/notifications/:id': { params: { id: 'notification' } },
  'POST /api/v1/notifications/:id/retry': { params: { id: 'notification' }, changes: 'admin' },
  'POST /api/v1/notifications/:id/ack': { params: { id: 'notification' }, changes: 'admin' },
  'GET /api/v1/incidents': {},
  'GET /api/v1/incidents/:id': { params: incident },
  'GET /api/v1/incidents/:id/notice-draft': { params: incident },
  'POST /api/v1/incidents/:id/notices': { params: incident, changes: 'admin' },
  'POST /api/v1/incidents/:id/ack': { params: incident, changes: 'admin' },
  'POST /api/v1/incidents/:id/levers': { params: incident, changes: 'admin' },
  'POST /api/v1/incidents/:id/resolve': { params: incident, changes: 'admin' },
  'POST /api/v1/incidents/:id/review': { params: incident, changes: 'admin' },
  'PATCH /api/v1/incidents/:id/postmortem': { params: incident, changes: 'admin' },
  'POST /api/v1/incidents/:id/postmortem/complete': { params: incident, changes: 'admin' },
  'GET /api/v1/incidents/:id/postmortem.md': { params: incident },
  'POST /api/v1/incidents/:id/commitments': { params: incident, changes: 'admin' },
  'POST /api/v1/incidents/:id/commitments/:commitmentId/done': {
    params: commitment,
    changes: 'admin',
  },
  'POST /api/v1/incidents/:id/client-commitments': { params: incident, changes: 'admin' },
  'POST /api/v1/incidents/:id/make-right/complete': { params: incident, changes: 'admin' },
  'GET /api/v1/watches': {},
  'GET /api/v1/watches/:id': { params: { id: 'watch' } },
  'POST /api/v1/watches/:id/heads-up': { params: { id: 'watch' }, changes: 'admin' },
  'GET /api/v1/figures/client-first': {},
  'GET /api/v1/probes': {},
  'POST /api/v1/inbound/email': { changes: 'admin' },
  'POST /api/v1/alertmanager': { changes: 'admin' },
  'GET /metrics': {},
};
