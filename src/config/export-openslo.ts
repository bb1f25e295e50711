// Definitions → OpenSLO v1 documents that import back to the same Definitions.
// What OpenSLO cannot say travels in forewarn.dev/* annotations and in the forewarn.dev/v1
// Client and SLA documents: clients, contracts, early warning, threshold objectives, and which
// endpoint each of a service's levers posts to (by id).
// Who is notified (people, rotations, endpoints, client contacts, service roles) is Forewarn's
// own and not exported: it stays in forewarn/v1 files.

import { stringify } from 'yaml';
import type {
  CreditMeasurement,
  BudgetObjectiveDef,
  ClientDef,
  Definitions,
  ObjectiveDef,
  SlaDef,
  SliDef,
  ThresholdObjectiveDef,
} from '../domain/definitions.js';
import { formatDuration } from './duration.js';
import {
  DEFAULT_CREDIT_INTERVAL_MS,
  DEFAULT_MINIMUM_DOWNTIME_MS,
  DEFAULT_POSTMORTEM_DUE_MS,
} from './contract-schema.js';
import { ratioToPercent } from './schema-parts.js';
import {
  ANNOTATION,
  FOREWARN_EXTENSION_API_VERSION,
  OPENSLO_API_VERSION,
} from './openslo-schema.js';
import { formatLeverAnnotation } from './openslo-levers.js';
import { opOfComparator, sliceRuleToOpenSlo } from './openslo-slice-rule.js';
import type { SliceRule } from './openslo-slice-rule.js';

type Document = Record<string, unknown>;

/**
 * A threshold objective becomes a Timeslices SLO whose window is one slice long, so "the slice
 * is good" is all that counts and any target below 1 means the same; OpenSLO forbids 1 itself.
 */
const THRESHOLD_TARGET = 0.99;
/** Any past midnight works: Forewarn's calendar months start at midnight in the client's zone. */
const CALENDAR_START = '2024-01-01 00:00:00';

export function exportOpenSlo(defs: Definitions): string {
  const docs: Document[] = [];
  for (const client of defs.clients) docs.push(clientDoc(client));
  for (const service of defs.services) {
    const levers = formatLeverAnnotation(service.leverActions ?? {});
    docs.push(
      doc(
        OPENSLO_API_VERSION,
        'Service',
        service.id,
        service.name,
        { ...(service.description === undefined ? {} : { description: service.description }) },
        levers === undefined ? {} : { [ANNOTATION.levers]: levers },
      ),
    );
  }
  for (const sli of defs.slis) docs.push(sliDoc(sli));
  const usedNames = new Set<string>();
  for (const sla of defs.slas) {
    const client = defs.clients.find((c) => c.id === sla.clientId);
    const entries: Document[] = [];
    for (const objective of sla.objectives) {
      const name = uniqueName(`${sla.id}-${objective.localId}`, usedNames);
      docs.push(sloDoc(name, sla, objective, client?.timeZone ?? 'UTC'));
      entries.push({
        slo: name,
        id: objective.localId,
        earlyWarning: earlyWarningYaml(objective),
        recoveryPeriod: formatDuration(objective.recoveryPeriodMs),
        clearAfter: formatDuration(objective.clearAfterMs),
      });
    }
    docs.push(
      doc(FOREWARN_EXTENSION_API_VERSION, 'SLA', sla.id, sla.name, {
        client: sla.clientId,
        service: sla.serviceId,
        contract: contractYaml(sla),
        objectives: entries,
      }),
    );
  }
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

function doc(
  apiVersion: string,
  kind: string,
  name: string,
  displayName: string,
  spec: Document,
  annotations: Record<string, string> = {},
): Document {
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      // SLOs always carry it: without one, import would generate a name instead.
      ...(displayName === name && kind !== 'SLO' ? {} : { displayName }),
      ...(Object.keys(annotations).length === 0 ? {} : { annotations }),
    },
    spec,
  };
}

function clientDoc(client: ClientDef): Document {
  return doc(FOREWARN_EXTENSION_API_VERSION, 'Client', client.id, client.name, {
    timeZone: client.timeZone,
  });
}

function sliDoc(sli: SliDef): Document {
  const source = (field?: string) => ({
    metricSource: { type: 'forewarn-push', spec: { sli: sli.id, ...(field ? { field } : {}) } },
  });
  const metric =
    sli.kind === 'ratio'
      ? { ratioMetric: { counter: true, good: source('good'), total: source('total') } }
      : { thresholdMetric: source() };
  return doc(
    OPENSLO_API_VERSION,
    'SLI',
    sli.id,
    sli.name,
    { ...(sli.description === undefined ? {} : { description: sli.description }), ...metric },
    {
      [ANNOTATION.service]: sli.serviceId,
      ...(sli.unit === undefined ? {} : { [ANNOTATION.unit]: sli.unit }),
    },
  );
}

function sloDoc(name: string, sla: SlaDef, objective: ObjectiveDef, timeZone: string): Document {
  const common = { service: sla.serviceId, indicatorRef: objective.sliId };
  if (objective.kind === 'threshold') return thresholdSloDoc(name, objective, common);
  return budgetSloDoc(name, objective, common, timeZone);
}

function thresholdSloDoc(name: string, o: ThresholdObjectiveDef, common: Document): Document {
  const window = formatDuration(o.measurementWindowMs);
  const slice = sliceRuleToOpenSlo(o satisfies SliceRule);
  return doc(
    OPENSLO_API_VERSION,
    'SLO',
    name,
    o.name,
    {
      ...common,
      budgetingMethod: 'Timeslices',
      timeWindow: [{ duration: window, isRolling: true }],
      objectives: [{ ...slice.fields, target: THRESHOLD_TARGET, timeSliceWindow: window }],
    },
    {
      [ANNOTATION.objectiveKind]: 'threshold',
      ...(slice.annotation === undefined ? {} : { [ANNOTATION.timeSlice]: slice.annotation }),
    },
  );
}

function budgetSloDoc(
  name: string,
  o: BudgetObjectiveDef,
  common: Document,
  timeZone: string,
): Document {
  const timeWindow =
    o.period.kind === 'rolling'
      ? { duration: formatDuration(o.period.durationMs), isRolling: true }
      : { duration: '1M', isRolling: false, calendar: { startTime: CALENDAR_START, timeZone } };
  let budgetingMethod = 'Occurrences';
  let objective: Document = { target: o.objectiveRatio };
  let annotations: Record<string, string> = {};
  if (o.goodWhen) {
    objective = {
      op: opOfComparator(o.goodWhen.comparator),
      value: o.goodWhen.threshold,
      ...objective,
    };
  } else if (o.timeSlice) {
    budgetingMethod = 'Timeslices';
    const slice = sliceRuleToOpenSlo(o.timeSlice);
    objective = {
      ...slice.fields,
      ...objective,
      timeSliceWindow: formatDuration(o.timeSlice.sliceMs),
    };
    if (slice.annotation !== undefined) annotations = { [ANNOTATION.timeSlice]: slice.annotation };
  }
  return doc(
    OPENSLO_API_VERSION,
    'SLO',
    name,
    o.name,
    { ...common, budgetingMethod, timeWindow: [timeWindow], objectives: [objective] },
    annotations,
  );
}

function earlyWarningYaml(o: ObjectiveDef): Document {
  const w = o.earlyWarning;
  return {
    ...(w.fractionOfThreshold
      ? {
          fractionOfThreshold: {
            enterAt: w.fractionOfThreshold.enterRatio,
            hysteresis: w.fractionOfThreshold.hysteresisRatio,
          },
        }
      : {}),
    ...(w.trendProjection
      ? {
          trendProjection: {
            horizon: formatDuration(w.trendProjection.horizonMs),
            lookback: formatDuration(w.trendProjection.lookbackMs),
          },
        }
      : {}),
    ...(w.burnRates
      ? {
          burnRates: w.burnRates.map((r) => ({
            severity: r.severity,
            long: formatDuration(r.longWindowMs),
            short: formatDuration(r.shortWindowMs),
            rate: r.burnRate,
          })),
        }
      : {}),
  };
}

function contractYaml(sla: SlaDef): Document {
  const c = sla.contract;
  return {
    noticeTime: formatDuration(c.noticeMs),
    updateCadence: formatDuration(c.updateCadenceMs),
    ...(c.monthlyFee ? { monthlyFee: { ...c.monthlyFee } } : {}),
    creditTiers: c.creditTiers.map((t) => ({ below: t.belowPercent, credit: t.creditPercent })),
    exclusions: c.exclusions.map((e) => ({ name: e.name, from: e.startsAt, to: e.endsAt })),
    ...(c.autoNotice ? {} : { autoNotice: false }),
    ...(c.noticeFallback === 'auto-send' ? {} : { noticeFallback: c.noticeFallback }),
    ...(c.postmortemDueMs === DEFAULT_POSTMORTEM_DUE_MS
      ? {}
      : { postmortemDue: formatDuration(c.postmortemDueMs) }),
    ...(isDefaultCredits(c.credits) ? {} : { credits: creditsYaml(c.credits) }),
    ...(c.startsAt ? { startsAt: c.startsAt } : {}),
    ...(c.endsAt ? { endsAt: c.endsAt } : {}),
  };
}

const isDefaultCredits = (m: CreditMeasurement): boolean =>
  m.basis === 'time' &&
  m.minimumDowntimeMs === DEFAULT_MINIMUM_DOWNTIME_MS &&
  m.intervalMs === DEFAULT_CREDIT_INTERVAL_MS &&
  m.badMinuteErrorRatio === undefined;

function creditsYaml(m: CreditMeasurement): Document {
  return {
    basis: m.basis,
    minimumDowntime: formatDuration(m.minimumDowntimeMs),
    interval: formatDuration(m.intervalMs),
    ...(m.badMinuteErrorRatio === undefined
      ? {}
      : { badMinuteErrorRate: ratioToPercent(m.badMinuteErrorRatio) }),
  };
}

function uniqueName(wanted: string, used: Set<string>): string {
  const base = wanted.slice(0, 63).replace(/-+$/, '');
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base.slice(0, 60)}-${n}`;
  used.add(name);
  return name;
}
