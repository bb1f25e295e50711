// How a request proved who it is, next to `request.viewer` (who it is). Set once per request by
// the accounts plugin; the API guard and the CSRF check read it.

import type { ApiTokenRecord } from '../../domain/accounts/api-token.js';

export type Credential =
  /** The instance admin token (`Authorization: Bearer`). */
  | { via: 'admin-token' }
  /** An API token (`Authorization: Bearer fw_…`); not cookie-based, so no CSRF token. */
  | { via: 'api-token'; token: ApiTokenRecord }
  /** The session cookie: state-changing requests must carry the session's CSRF token. */
  | { via: 'session'; sessionId: string; csrfToken: string };

declare module 'fastify' {
  interface FastifyRequest {
    /** Null when the request carries no credential the accounts layer knows. */
    credential: Credential | null;
  }
}
