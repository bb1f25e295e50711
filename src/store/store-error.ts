// Database errors leave the store wrapped with what was being done and whether retrying can
// help. The driver's `code` is kept on the wrapper so the HTTP edge can still classify it.

export class StoreError extends Error {
  readonly code: string | undefined;
  readonly retryable: boolean;

  constructor(operation: string, cause: unknown) {
    const code = errorCode(cause);
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`Store: ${operation} failed${code === undefined ? '' : ` (${code})`}: ${detail}`, {
      cause,
    });
    this.name = 'StoreError';
    this.code = code;
    this.retryable = code !== undefined && isRetryableCode(code);
  }
}

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

// SQLite result codes: https://www.sqlite.org/rescode.html; PostgreSQL SQLSTATE classes:
// https://www.postgresql.org/docs/current/errcodes-appendix.html (08 connection, 40 rollback,
// 53 insufficient resources, 57P0x shutdown).
function isRetryableCode(code: string): boolean {
  return (
    /^SQLITE_(BUSY|LOCKED|FULL|IOERR)/.test(code) ||
    /^(08|53)/.test(code) ||
    code === '40001' ||
    code === '40P01' ||
    /^57P0[1-3]$/.test(code) ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT'
  );
}

export async function wrapErrors<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw e instanceof StoreError ? e : new StoreError(operation, e);
  }
}
