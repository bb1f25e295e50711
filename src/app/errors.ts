// One error family for use cases. Each edge (HTTP, CLI) maps these in exactly one place.
// Codes are stable and never reused; docs/errors.md lists them (kept in sync by a test).

export const ERROR_CODES = {
  E_VALIDATION: { status: 400, summary: 'The request is malformed or a field has a bad value.' },
  E_UNAUTHENTICATED: { status: 401, summary: 'No valid token was sent.' },
  E_FORBIDDEN: { status: 403, summary: 'The token may not do this.' },
  E_NOT_FOUND: { status: 404, summary: 'No such route.' },
  E_CLIENT_NOT_FOUND: { status: 404, summary: 'No client with this id.' },
  E_SLA_NOT_FOUND: { status: 404, summary: 'No SLA with this id (or not visible to you).' },
  E_OBJECTIVE_NOT_FOUND: { status: 404, summary: 'No objective with this key.' },
  E_NOTIFICATION_NOT_FOUND: { status: 404, summary: 'No notification with this id.' },
  E_ENDPOINT_NOT_FOUND: { status: 404, summary: 'No endpoint with this id.' },
  E_INCIDENT_NOT_FOUND: { status: 404, summary: 'No incident with this id.' },
  E_WATCH_NOT_FOUND: { status: 404, summary: 'No watch with this id.' },
  E_CONFLICT: {
    status: 409,
    summary: 'Someone changed this record at the same time; reload it and try again.',
  },
  E_PROTOCOL_STEP: {
    status: 409,
    summary: 'This protocol step cannot be taken now; the message says what is missing.',
  },
  E_NOT_DEAD_LETTER: {
    status: 409,
    summary: 'Only a dead-lettered notification can be retried by hand.',
  },
  E_LOGIN_FAILED: { status: 401, summary: 'The e-mail address or the password is wrong.' },
  E_CSRF_TOKEN: {
    status: 403,
    summary: 'A signed-in change needs the form field _csrf or the header x-csrf-token.',
  },
  E_USER_NOT_FOUND: { status: 404, summary: 'No user with this id.' },
  E_TOKEN_NOT_FOUND: { status: 404, summary: 'No API token with this id.' },
  E_SETUP_DONE: { status: 404, summary: 'First-run setup is done; sign in instead.' },
  E_USER_EXISTS: { status: 409, summary: 'A user with this e-mail address exists.' },
  E_LAST_ADMIN: { status: 409, summary: 'This would leave no team admin.' },
  E_LOGIN_THROTTLED: {
    status: 429,
    summary: 'Too many failed sign-ins for this account from this address; wait and retry.',
  },
  E_STATUS_LINK_NOT_FOUND: { status: 404, summary: 'No live status link with this id.' },
  E_SUBSCRIPTION_UNAVAILABLE: {
    status: 409,
    summary: 'E-mail subscriptions need an email endpoint and the public URL; use RSS.',
  },
  E_PDF_UNAVAILABLE: {
    status: 503,
    summary: 'The PDF renderer (Chromium) cannot be started; the HTML and CSV are available.',
  },
  E_PAYLOAD_TOO_LARGE: { status: 413, summary: 'The body is larger than the limit.' },
  E_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    summary:
      'The body is not in a form this route takes (JSON; YAML, forms or snappy protobuf where accepted).',
  },
  E_SAMPLES_REJECTED: { status: 422, summary: 'No sample of the request could be accepted.' },
  E_CONFIG_INVALID: {
    status: 422,
    summary: 'The definitions do not validate; nothing was applied.',
  },
  E_NOT_CONFIGURED: { status: 409, summary: 'No definitions have been applied yet.' },
  E_STORAGE_UNAVAILABLE: {
    status: 503,
    summary: 'Storage cannot accept writes right now; nothing was acknowledged. Retry later.',
  },
  E_INTERNAL: { status: 500, summary: 'An unexpected error; details are in the server log.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A problem with one field: names the field, the value and what was expected. */
export interface FieldProblem {
  field: string;
  value?: unknown;
  expected: string;
  message?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly problems: FieldProblem[];
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { problems?: FieldProblem[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.problems = options.problems ?? [];
    this.details = options.details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
