// POST /api/v1/slas/{id}/backtest: the body's JSON types are checked here; what the values mean
// (ranges, policy names, objectives) is checked by the use case, which names each bad field.

import type { FastifyInstance } from 'fastify';
import {
  backtestStoredHistory,
  type BacktestLabelInput,
  type BacktestStoredHistoryInput,
} from '../app/backtest-stored-history.js';
import type { AppContext } from '../app/context.js';
import { AppError, type FieldProblem } from '../app/errors.js';

const FIELDS = ['policies', 'days', 'objective', 'stepSeconds', 'labels'];
const TIME_EXPECTED = 'epoch milliseconds or an ISO-8601 time';

export function registerBacktestRoutes(app: FastifyInstance, ctx: AppContext): void {
  // One backtest at a time: a long one is seconds of CPU, and ingest shares the process.
  let lane: Promise<unknown> = Promise.resolve();
  app.post<{ Params: { id: string }; Body: unknown }>(
    '/api/v1/slas/:id/backtest',
    async (request) => {
      const input = { slaId: request.params.id, ...bodyOf(request.body) };
      const run = lane.then(() => backtestStoredHistory(ctx, input));
      lane = run.catch(() => undefined);
      return run;
    },
  );
}

function bodyOf(body: unknown): Omit<BacktestStoredHistoryInput, 'slaId'> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw invalid([
      { field: 'body', value: body, expected: `an object with ${FIELDS.join(', ')}` },
    ]);
  }
  const b = body as Record<string, unknown>;
  const problems: FieldProblem[] = Object.keys(b)
    .filter((k) => !FIELDS.includes(k))
    .map((k) => ({ field: k, value: b[k], expected: `only ${FIELDS.join(', ')}` }));
  const input: Omit<BacktestStoredHistoryInput, 'slaId'> = {};
  if (b.policies !== undefined) {
    if (Array.isArray(b.policies) && b.policies.every((p) => typeof p === 'string')) {
      input.policies = b.policies as string[];
    } else {
      problems.push({
        field: 'policies',
        value: b.policies,
        expected: 'an array of policy names such as ["fraction:0.8", "trend:15m"]',
      });
    }
  }
  for (const field of ['days', 'stepSeconds'] as const) {
    const value = b[field];
    if (value === undefined) continue;
    if (typeof value === 'number') input[field] = value;
    else problems.push({ field, value, expected: 'a number' });
  }
  if (b.objective !== undefined) {
    if (typeof b.objective === 'string') input.objective = b.objective;
    else problems.push({ field: 'objective', value: b.objective, expected: 'an objective id' });
  }
  if (b.labels !== undefined) {
    if (Array.isArray(b.labels)) input.labels = labelsOf(b.labels, problems);
    else {
      problems.push({
        field: 'labels',
        value: b.labels,
        expected: 'an array of {objective?, from, to}',
      });
    }
  }
  if (problems.length > 0) throw invalid(problems);
  return input;
}

function labelsOf(rows: unknown[], problems: FieldProblem[]): BacktestLabelInput[] {
  const labels: BacktestLabelInput[] = [];
  rows.forEach((row, i) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      problems.push({ field: `labels[${i}]`, value: row, expected: '{objective?, from, to}' });
      return;
    }
    const r = row as Record<string, unknown>;
    const fromMs = timeOf(r.from);
    const toMs = timeOf(r.to);
    if (fromMs === undefined) {
      problems.push({ field: `labels[${i}].from`, value: r.from, expected: TIME_EXPECTED });
    }
    if (toMs === undefined) {
      problems.push({ field: `labels[${i}].to`, value: r.to, expected: TIME_EXPECTED });
    }
    if (r.objective !== undefined && typeof r.objective !== 'string') {
      problems.push({
        field: `labels[${i}].objective`,
        value: r.objective,
        expected: 'an objective id',
      });
      return;
    }
    if (fromMs === undefined || toMs === undefined) return;
    labels.push({
      ...(typeof r.objective === 'string' ? { objective: r.objective } : {}),
      fromMs,
      toMs,
    });
  });
  return labels;
}

function timeOf(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? raw : undefined;
  if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(raw)) {
    const ms = Date.parse(raw);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

function invalid(problems: FieldProblem[]): AppError {
  return new AppError('E_VALIDATION', 'The backtest request is not valid.', { problems });
}
