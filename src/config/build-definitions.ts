// Turns checked inputs into the domain's Definitions, filling the defaults that depend on
// more than one field (early-warning policy by objective kind, burn rates by period).

import type { Definitions, EarlyWarningPolicy, ObjectiveDef } from '../domain/definitions.js';
import { defaultBurnRates, periodMsOf } from '../domain/evaluation/burn-rate-table.js';
import type { EndpointDef } from '../domain/notification.js';
import type { ConfigInputs, ObjectiveInput } from './config-input.js';
import { DEFAULT_FRACTION_OF_THRESHOLD } from './early-warning-schema.js';

/**
 * `endpoints` are the inputs' endpoints with their secrets read (resolve-endpoints.ts), `sources`
 * the probes and Prometheus sources with theirs (resolve-sources.ts). Source sections are left out
 * when empty, so definitions without sources read exactly as before.
 */
export function buildDefinitions(
  inputs: ConfigInputs,
  endpoints: EndpointDef[],
  sources: Pick<Definitions, 'probes' | 'prometheusSources'> = {},
): Definitions {
  const remoteWrite = inputs.remoteWrite.map((r) => r.value);
  return {
    clients: inputs.clients.map(({ value: { pushTokens: _tokens, ...client } }) => client),
    services: inputs.services.map((s) => s.value),
    slis: inputs.slis.map((s) => s.value),
    slas: inputs.slas.map(({ value: { objectives, ...sla } }) => ({
      ...sla,
      objectives: objectives.map(({ value }) => toObjectiveDef(sla.id, value)),
    })),
    people: inputs.people.map((p) => p.value),
    rotations: inputs.rotations.map((r) => r.value),
    endpoints,
    ...(sources.probes?.length ? { probes: sources.probes } : {}),
    ...(sources.prometheusSources?.length ? { prometheusSources: sources.prometheusSources } : {}),
    ...(remoteWrite.length > 0 ? { remoteWrite } : {}),
  };
}

function toObjectiveDef(slaId: string, input: ObjectiveInput): ObjectiveDef {
  const earlyWarning = resolveEarlyWarning(input);
  const key = `${slaId}/${input.localId}`;
  return { ...input, key, slaId, earlyWarning };
}

function resolveEarlyWarning(input: ObjectiveInput): EarlyWarningPolicy {
  const warning = input.earlyWarning;
  if (warning === undefined) {
    return input.kind === 'threshold'
      ? { fractionOfThreshold: { ...DEFAULT_FRACTION_OF_THRESHOLD } }
      : { burnRates: defaultBurnRates(periodMsOf(input.period)) };
  }
  const { burnRates, ...rest } = warning;
  if (burnRates === undefined) return rest;
  if (burnRates !== 'default') return { ...rest, burnRates };
  if (input.kind !== 'budget') return rest;
  return { ...rest, burnRates: defaultBurnRates(periodMsOf(input.period)) };
}
