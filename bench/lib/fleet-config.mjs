// Generates a forewarn/v1 YAML fleet: clients, one service per SLA with a ratio SLI (success) and a
// distribution SLI (latency), and per SLA 7 budget objectives (30 days, the Workbook burn-rate
// table) and 3 threshold objectives (p95 with fraction-of-threshold and trend early warning).
// 1,000 SLAs give the 10,000 objectives of TARGETS P3, P6 and P12.

import { parseConfig } from '../../dist/config/load-config.js';

export const PUSH_TOKEN_PREFIX = 'bench-push-token-';

/** The budget objectives of one SLA: 6 on the ratio SLI, 1 on latency classified per value. */
const BUDGET_OBJECTIVES = [
  { id: 'availability', target: 99.9 },
  { id: 'availability-strict', target: 99.95 },
  { id: 'availability-4n', target: 99.99 },
  { id: 'availability-loose', target: 99.5 },
  { id: 'availability-99', target: 99 },
  { id: 'availability-98', target: 98 },
  { id: 'fast-requests', target: 99, goodWhenMs: 1000 },
];

/** The threshold objectives of one SLA, all on latency p95. */
const THRESHOLD_OBJECTIVES = [
  { id: 'latency-p95', thresholdMs: 800, window: '5m' },
  { id: 'latency-p95-fast', thresholdMs: 500, window: '1m' },
  { id: 'latency-p95-slow', thresholdMs: 1200, window: '10m' },
];

export const OBJECTIVES_PER_SLA = BUDGET_OBJECTIVES.length + THRESHOLD_OBJECTIVES.length;

export function sliIds(sla) {
  return { success: `svc${sla}-success`, latency: `svc${sla}-latency` };
}

export function clientOf(sla, slasPerClient) {
  return Math.floor(sla / slasPerClient);
}

/** YAML text for `slas` SLAs, `slasPerClient` of them per client. */
export function fleetYaml({ slas, slasPerClient = 10 }) {
  const clients = Math.ceil(slas / slasPerClient);
  const out = ['apiVersion: forewarn/v1', 'clients:'];
  for (let c = 0; c < clients; c++) {
    out.push(
      `  - id: client${c}`,
      `    name: Client ${c}`,
      '    timeZone: Europe/Berlin',
      '    pushTokens:',
      `      - value: ${PUSH_TOKEN_PREFIX}${String(c).padStart(6, '0')}`,
    );
  }
  out.push('services:');
  for (let s = 0; s < slas; s++) out.push(`  - id: svc${s}`, `    name: Service ${s}`);
  out.push('slis:');
  for (let s = 0; s < slas; s++) {
    const ids = sliIds(s);
    out.push(
      `  - id: ${ids.success}`,
      `    service: svc${s}`,
      '    kind: ratio',
      `  - id: ${ids.latency}`,
      `    service: svc${s}`,
      '    kind: distribution',
      '    unit: ms',
    );
  }
  out.push('slas:');
  for (let s = 0; s < slas; s++) {
    const ids = sliIds(s);
    out.push(
      `  - id: sla${s}`,
      `    client: client${clientOf(s, slasPerClient)}`,
      `    service: svc${s}`,
      `    name: SLA ${s}`,
      '    contract:',
      '      noticeTime: 15m',
      '      updateCadence: 30m',
      '      creditTiers:',
      '        - { below: 99.9, credit: 10 }',
      '    objectives:',
    );
    for (const b of BUDGET_OBJECTIVES) {
      out.push(`      - id: ${b.id}`);
      if (b.goodWhenMs === undefined) {
        out.push(
          `        sli: ${ids.success}`,
          `        budget: { objective: ${b.target}, period: 30d }`,
        );
      } else {
        out.push(
          `        sli: ${ids.latency}`,
          `        budget: { objective: ${b.target}, period: 30d, goodWhen: { comparator: '<=', value: ${b.goodWhenMs} } }`,
        );
      }
      out.push('        earlyWarning: { burnRates: default }');
    }
    for (const t of THRESHOLD_OBJECTIVES) {
      out.push(
        `      - id: ${t.id}`,
        `        sli: ${ids.latency}`,
        `        threshold: { statistic: p95, comparator: '<=', value: ${t.thresholdMs}, window: ${t.window} }`,
        '        earlyWarning:',
        '          fractionOfThreshold: { enterAt: 0.8, hysteresis: 0.05 }',
        '          trendProjection: { horizon: 30m, lookback: 10m }',
      );
    }
  }
  return `${out.join('\n')}\n`;
}

/** Validated definitions, exactly as `forewarn serve --config` would build them. */
export function fleetDefinitions(options) {
  const result = parseConfig(fleetYaml(options), 'bench-fleet.yaml', {});
  if (!result.ok) {
    throw new Error(`generated config is invalid: ${JSON.stringify(result.errors.slice(0, 3))}`);
  }
  return result.config.definitions;
}
