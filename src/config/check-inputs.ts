// Checks that span sections: unique ids, references between clients, services, SLIs and SLAs,
// and whether each objective fits the kind of SLI it measures.

import type { SliDef } from '../domain/definitions.js';
import { periodMsOf } from '../domain/evaluation/burn-rate-table.js';
import type { ConfigError } from './config-error.js';
import type { ConfigInputs, Located, ObjectiveInput } from './config-input.js';
import { formatDuration } from './duration.js';
import { errorAt } from './source-document.js';
import type { Where } from './source-document.js';

export function checkInputs(inputs: ConfigInputs): ConfigError[] {
  const errors: ConfigError[] = [];
  const clients = indexById('client', inputs.clients, (c) => c.id, errors);
  const services = indexById('service', inputs.services, (s) => s.id, errors);
  const slis = indexById('SLI', inputs.slis, (s) => s.id, errors);
  indexById('SLA', inputs.slas, (s) => s.id, errors);

  const reference = (
    what: string,
    id: string,
    known: Map<string, unknown>,
    broken: Set<string>,
    where: Where,
  ) => {
    if (known.has(id) || broken.has(id)) return;
    const ids = [...known.keys()];
    const list = ids.length === 0 ? `none is declared` : `declared: ${ids.join(', ')}`;
    errors.push(errorAt(where, `the id of a declared ${what} (${list})`));
  };

  for (const sli of inputs.slis) {
    reference(
      'service',
      sli.value.serviceId,
      services,
      inputs.brokenIds.services,
      sli.at('service'),
    );
  }
  for (const sla of inputs.slas) {
    reference('client', sla.value.clientId, clients, inputs.brokenIds.clients, sla.at('client'));
    reference(
      'service',
      sla.value.serviceId,
      services,
      inputs.brokenIds.services,
      sla.at('service'),
    );
    indexById('objective in this SLA', sla.value.objectives, (o) => o.localId, errors);
    for (const objective of sla.value.objectives) {
      const sliId = objective.value.sliId;
      reference('SLI', sliId, slis, inputs.brokenIds.slis, objective.at('sli'));
      const sli = slis.get(sliId)?.value;
      if (sli && sli.serviceId !== sla.value.serviceId) {
        errors.push(
          errorAt(
            objective.at('sli'),
            `an SLI of the SLA's service "${sla.value.serviceId}" (SLI "${sliId}" belongs to "${sli.serviceId}")`,
          ),
        );
      }
      if (sli) errors.push(...checkSliFit(objective, sli));
      errors.push(...checkEarlyWarning(objective));
    }
  }
  return errors;
}

function indexById<T>(
  what: string,
  items: readonly Located<T>[],
  idOf: (value: T) => string,
  errors: ConfigError[],
): Map<string, Located<T>> {
  const byId = new Map<string, Located<T>>();
  for (const item of items) {
    const id = idOf(item.value);
    const first = byId.get(id);
    if (first === undefined) {
      byId.set(id, item);
      continue;
    }
    const firstAt = first.at('id');
    const line = firstAt.source.lineOf(firstAt.path);
    const place = `${firstAt.source.file}${line === undefined ? '' : `:${line}`}`;
    errors.push(
      errorAt(
        item.at('id'),
        `an id not used by another ${what} ("${id}" is first declared at ${place})`,
      ),
    );
  }
  return byId;
}

const DISTRIBUTION_STATISTICS = 'mean, max, p50, p90, p95, p99 or p999';

function checkSliFit(objective: Located<ObjectiveInput>, sli: SliDef): ConfigError[] {
  const o = objective.value;
  const errors: ConfigError[] = [];
  const statisticFits = (statistic: string, field: string) => {
    if (statistic === 'good-ratio' && sli.kind !== 'ratio') {
      errors.push(
        errorAt(
          objective.at(field),
          `a statistic of a distribution SLI (${DISTRIBUTION_STATISTICS}); "${sli.id}" is a distribution SLI`,
        ),
      );
    } else if (statistic !== 'good-ratio' && sli.kind !== 'distribution') {
      errors.push(errorAt(objective.at(field), `good-ratio, since "${sli.id}" is a ratio SLI`));
    }
  };
  if (o.kind === 'threshold') {
    statisticFits(o.statistic, 'threshold.statistic');
    return errors;
  }
  if (o.goodWhen && sli.kind === 'ratio') {
    errors.push(
      errorAt(
        objective.at('budget.goodWhen'),
        `no goodWhen: "${sli.id}" is a ratio SLI whose events are already good or bad`,
      ),
    );
  }
  if (o.timeSlice) statisticFits(o.timeSlice.statistic, 'budget.timeSlice.statistic');
  if (!o.goodWhen && !o.timeSlice && sli.kind === 'distribution') {
    errors.push(
      errorAt(
        objective.at('budget'),
        `goodWhen or timeSlice, to say which values of the distribution SLI "${sli.id}" are good`,
        {
          message: `a budget on the distribution SLI "${sli.id}" needs goodWhen or timeSlice to say which values are good`,
        },
      ),
    );
  }
  return errors;
}

function checkEarlyWarning(objective: Located<ObjectiveInput>): ConfigError[] {
  const o = objective.value;
  const warning = o.earlyWarning;
  if (!warning) return [];
  const errors: ConfigError[] = [];
  if (o.kind === 'budget' && warning.fractionOfThreshold) {
    errors.push(
      errorAt(
        objective.at('earlyWarning.fractionOfThreshold'),
        'no fractionOfThreshold on a budget objective (use burnRates)',
      ),
    );
  }
  if (o.kind === 'threshold' && warning.burnRates) {
    errors.push(
      errorAt(
        objective.at('earlyWarning.burnRates'),
        'no burnRates on a threshold objective (use fractionOfThreshold or trendProjection)',
      ),
    );
  }
  if (o.kind === 'budget' && Array.isArray(warning.burnRates)) {
    const periodMs = periodMsOf(o.period);
    for (const [i, rule] of warning.burnRates.entries()) {
      if (rule.longWindowMs > periodMs) {
        errors.push(
          errorAt(
            objective.at(`earlyWarning.burnRates.${i}.long`),
            `a long window no longer than the period (${formatDuration(periodMs)})`,
          ),
        );
      }
    }
  }
  return errors;
}
