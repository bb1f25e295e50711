// The Alertmanager webhook receiver: point a `webhook_configs` receiver at it (admin token as
// bearer credentials). Mapped alerts move objectives; the rest are refused with a reason. The body
// (version "4") is read field by field: every problem names the field, the value and what was
// expected, so a misconfigured receiver is easy to fix.

import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { AppError, type FieldProblem } from '../app/errors.js';
import { receiveAlertmanager } from '../app/receive-alertmanager.js';
import type { AlertmanagerAlert, AlertmanagerPayload } from '../domain/external-alert.js';

export function registerAlertmanagerRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: unknown }>('/api/v1/alertmanager', async (request) => {
    const reading = readAlertmanagerPayload(request.body);
    if (!reading.ok) {
      throw new AppError('E_VALIDATION', 'The Alertmanager webhook body is not valid.', {
        problems: reading.problems,
      });
    }
    const alerts = await receiveAlertmanager(ctx, reading.payload);
    return {
      applied: alerts.filter((a) => a.outcome === 'applied').length,
      unchanged: alerts.filter((a) => a.outcome === 'unchanged').length,
      refused: alerts.filter((a) => a.outcome === 'refused').length,
      alerts,
    };
  });
}

export type PayloadReading =
  { ok: true; payload: AlertmanagerPayload } | { ok: false; problems: FieldProblem[] };

const STATUSES = ['firing', 'resolved'] as const;
const MAX_ALERTS = 1000;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a webhook body; collects every problem rather than stopping at the first. */
export function readAlertmanagerPayload(body: unknown): PayloadReading {
  const problems: FieldProblem[] = [];
  const bad = (field: string, value: unknown, expected: string): undefined => {
    problems.push({ field, ...(value !== undefined ? { value } : {}), expected });
    return undefined;
  };
  if (!isObject(body)) {
    bad('(body)', typeof body, 'an Alertmanager webhook JSON object');
    return { ok: false, problems };
  }
  if (body.version !== '4') bad('version', body.version, '"4" (Alertmanager webhook version 4)');
  const groupKey = text(body, 'groupKey', bad, true);
  const receiver = text(body, 'receiver', bad, true);
  const status = oneOf(body.status, 'status', bad);
  for (const f of ['groupLabels', 'commonLabels', 'commonAnnotations'] as const) {
    if (body[f] !== undefined) labels(body[f], f, bad);
  }
  const alerts: AlertmanagerAlert[] = [];
  if (!Array.isArray(body.alerts) || body.alerts.length > MAX_ALERTS) {
    bad(
      'alerts',
      Array.isArray(body.alerts) ? body.alerts.length : body.alerts,
      `a list of up to ${MAX_ALERTS} alerts`,
    );
  } else {
    body.alerts.forEach((raw, i) => {
      const alert = readAlert(raw, `alerts[${i}]`, bad);
      if (alert !== undefined) alerts.push(alert);
    });
  }
  if (problems.length > 0 || status === undefined) return { ok: false, problems };
  return {
    ok: true,
    payload: { version: '4', groupKey: groupKey ?? '', status, receiver: receiver ?? '', alerts },
  };
}

type Bad = (field: string, value: unknown, expected: string) => undefined;

function readAlert(raw: unknown, at: string, report: Bad): AlertmanagerAlert | undefined {
  if (!isObject(raw)) return report(at, raw, 'an alert object');
  let failed = false;
  const bad: Bad = (f, v, e) => {
    failed = true;
    return report(f, v, e);
  };
  const status = oneOf(raw.status, `${at}.status`, bad);
  const alertLabels = labels(raw.labels, `${at}.labels`, bad);
  const annotations =
    raw.annotations === undefined ? {} : labels(raw.annotations, `${at}.annotations`, bad);
  const startsAtMs = instant(raw.startsAt, `${at}.startsAt`, bad);
  const endsAtMs =
    raw.endsAt === undefined ? undefined : instant(raw.endsAt, `${at}.endsAt`, bad, true);
  const fingerprint = text(raw, 'fingerprint', (f, v, e) => bad(`${at}.${f}`, v, e), true);
  const generatorURL = typeof raw.generatorURL === 'string' ? raw.generatorURL : '';
  if (
    failed ||
    status === undefined ||
    alertLabels === undefined ||
    annotations === undefined ||
    startsAtMs === undefined ||
    fingerprint === undefined
  ) {
    return undefined;
  }
  return {
    status,
    labels: alertLabels,
    annotations,
    startsAtMs,
    ...(endsAtMs !== undefined && endsAtMs > 0 ? { endsAtMs } : {}),
    generatorURL,
    fingerprint,
  };
}

function text(o: Obj, field: string, bad: Bad, required: boolean): string | undefined {
  const v = o[field];
  if (typeof v === 'string' && v.length > 0 && v.length <= 1000) return v;
  if (v === undefined && !required) return undefined;
  return bad(field, v, 'text of 1 to 1000 characters');
}

function oneOf(v: unknown, field: string, bad: Bad): 'firing' | 'resolved' | undefined {
  if (v === 'firing' || v === 'resolved') return v;
  return bad(field, v, `one of ${STATUSES.join(', ')}`);
}

function labels(v: unknown, field: string, bad: Bad): Record<string, string> | undefined {
  if (isObject(v) && Object.values(v).every((x) => typeof x === 'string')) {
    return v as Record<string, string>;
  }
  return bad(field, v, 'an object of string values');
}

/** RFC 3339 time; Alertmanager's zero time ("0001-01-01…") reads as 0 when `zeroAllowed`. */
function instant(v: unknown, field: string, bad: Bad, zeroAllowed = false): number | undefined {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) {
    if (zeroAllowed && v.startsWith('0001-01-01')) return 0;
    const ms = Date.parse(v);
    if (Number.isFinite(ms) && ms > 0) return ms;
  }
  return bad(field, v, 'an RFC 3339 time such as "2026-11-27T10:30:00Z"');
}
