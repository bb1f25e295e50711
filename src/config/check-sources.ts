// Cross-checks for the sections that feed SLIs (probes, Prometheus sources, remote-write rules):
// ids unique, services and SLIs declared, each SLI fed the kind of data it measures, and no SLI fed
// by two sources (its numbers would be counted twice).

import type { SliDef } from '../domain/definitions.js';
import type { ConfigError } from './config-error.js';
import type { ConfigInputs, Located } from './config-input.js';
import { indexById, referenceChecker } from './cross-reference.js';
import { errorAt } from './source-document.js';
import type { Where } from './source-document.js';

export function checkSources(
  inputs: ConfigInputs,
  services: Map<string, unknown>,
  slis: Map<string, Located<SliDef>>,
): ConfigError[] {
  const errors: ConfigError[] = [];
  const reference = referenceChecker(errors);
  indexById('probe', inputs.probes, (p) => p.id, errors);
  indexById('Prometheus source', inputs.prometheus, (s) => s.id, errors);
  const fedBy = new Map<string, string>();

  const feed = (sliId: string, kind: SliDef['kind'], by: string, where: Where) => {
    reference('SLI', sliId, slis, inputs.brokenIds.slis, where);
    const sli = slis.get(sliId)?.value;
    if (sli !== undefined && sli.kind !== kind) {
      errors.push(errorAt(where, `a ${kind} SLI (SLI "${sliId}" is a ${sli.kind} SLI)`));
    }
    const first = fedBy.get(sliId);
    if (first !== undefined) {
      errors.push(
        errorAt(where, `an SLI no other source feeds (SLI "${sliId}" is already fed by ${first})`),
      );
    } else fedBy.set(sliId, by);
  };

  for (const probe of inputs.probes) {
    const p = probe.value;
    reference('service', p.serviceId, services, inputs.brokenIds.services, probe.at('service'));
    const by = `probe "${p.id}"`;
    if (p.availabilitySli !== undefined) {
      feed(p.availabilitySli, 'ratio', by, probe.at('availabilitySli'));
    }
    if (p.latencySli !== undefined) feed(p.latencySli, 'distribution', by, probe.at('latencySli'));
  }
  for (const source of inputs.prometheus) {
    for (const [i, q] of source.value.queries.entries()) {
      const kind = q.kind === 'ratio' ? 'ratio' : 'distribution';
      feed(q.sliId, kind, `Prometheus source "${source.value.id}"`, source.at(`slis.${i}.sli`));
    }
  }
  for (const [i, rule] of inputs.remoteWrite.entries()) {
    const kind = rule.value.kind === 'ratio' ? 'ratio' : 'distribution';
    feed(rule.value.sliId, kind, `remote-write rule ${i + 1}`, rule.at('sli'));
  }
  return errors;
}
