// The CLI's way to a running server's admin API: the URL (--url, FOREWARN_URL, or the default),
// the admin token (FOREWARN_ADMIN_TOKEN), and the server's errors as CLI errors — the message,
// what is missing and each field problem; exit 2 for a 4xx answer, 1 for 5xx or no answer.

import { CliError } from './cli-error.js';

export const DEFAULT_URL = 'http://127.0.0.1:8080';

interface Problem {
  field: string;
  value?: unknown;
  expected: string;
}

interface ErrorBody {
  error?: { code?: string; message?: string; problems?: Problem[]; missing?: string[] };
}

type Query = Record<string, string | undefined>;

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.send<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body?: Record<string, unknown>): Promise<T> {
    return this.send<T>('POST', path, body);
  }

  patch<T>(path: string, body: Record<string, unknown>): Promise<T> {
    return this.send<T>('PATCH', path, body);
  }

  async getText(path: string): Promise<string> {
    const res = await this.fetch('GET', path);
    const text = await res.text();
    if (!res.ok) throw failure(res.status, parseJson(text));
    return text;
  }

  private async send<T>(method: string, path: string, body?: Record<string, unknown>): Promise<T> {
    const res = await this.fetch(method, path, body);
    const text = await res.text();
    const parsed = parseJson(text);
    if (!res.ok) throw failure(res.status, parsed);
    if (parsed === undefined) {
      throw new CliError(`${method} ${path}: the server answered ${res.status} without JSON`, 1);
    }
    return parsed as T;
  }

  private async fetch(
    method: string,
    path: string,
    body?: Record<string, unknown>,
  ): Promise<Response> {
    const url = new URL(path, this.baseUrl);
    try {
      return await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(
        `cannot reach Forewarn at ${this.baseUrl} (${cause?.code ?? cause?.message ?? (err as Error).message}); is it running? Use --url to point elsewhere.`,
        1,
      );
    }
  }
}

/** The client for a command's --url and the environment; without a token, a usage error. */
export function apiClient(
  command: string,
  url: string | undefined,
  env: Record<string, string | undefined>,
): ApiClient {
  const token = env.FOREWARN_ADMIN_TOKEN;
  if (token === undefined || token === '') {
    throw new CliError(`${command}: set FOREWARN_ADMIN_TOKEN to the server’s admin token`, 2);
  }
  const base = url ?? env.FOREWARN_URL ?? DEFAULT_URL;
  if (!URL.canParse(base)) {
    throw new CliError(`${command}: --url got "${base}", expected a URL such as ${DEFAULT_URL}`, 2);
  }
  return new ApiClient(base, token);
}

function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.set(name, value);
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The server's answer as lines for a person: message, what is missing, each bad field. */
export function failure(status: number, body: unknown): CliError {
  const error = (body as ErrorBody | undefined)?.error;
  const lines = [error?.message ?? `the server answered HTTP ${status}`];
  for (const m of error?.missing ?? []) lines.push(`  missing: ${m}`);
  for (const p of error?.problems ?? []) {
    const got = p.value === undefined ? 'nothing' : JSON.stringify(p.value);
    lines.push(`  ${p.field}: got ${got}, expected ${p.expected}`);
  }
  return new CliError(lines.join('\n'), status >= 400 && status < 500 ? 2 : 1);
}
