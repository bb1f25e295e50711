// Checks that span sections: unique ids, references between clients, services, SLIs and SLAs,
// whether each objective fits the kind of SLI it measures, whether an SLA's credit terms fit its
// objectives, and who is notified through what: people, rotations, roles and contacts must name
// endpoints and people that exist, and each lever action a webhook endpoint.

import type { ContactPoint, SliDef } from '../domain/definitions.js';
import { periodMsOf } from '../domain/evaluation/burn-rate-table.js';
import { checkCreditTerms } from './check-credit-terms.js';
import type { ConfigError } from './config-error.js';
import type { ConfigInputs, EndpointInput, Located, ObjectiveInput } from './config-input.js';
import { formatDuration } from './duration.js';
import { roleKeyOf } from './service-schema.js';
import { checkSources } from './check-sources.js';
import { indexById, referenceChecker } from './cross-reference.js';
import { errorAt } from './source-document.js';
import type { Where } from './source-document.js';

export function checkInputs(inputs: ConfigInputs): ConfigError[] {
  const errors: ConfigError[] = [];
  const clients = indexById('client', inputs.clients, (c) => c.id, errors);
  const services = indexById('service', inputs.services, (s) => s.id, errors);
  const slis = indexById('SLI', inputs.slis, (s) => s.id, errors);
  indexById('SLA', inputs.slas, (s) => s.id, errors);

  const reference = referenceChecker(errors);

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
    errors.push(...checkCreditTerms(sla));
  }
  checkRouting(inputs, errors);
  errors.push(...checkSources(inputs, services, slis));
  return errors;
}

function checkRouting(inputs: ConfigInputs, errors: ConfigError[]): void {
  const reference = referenceChecker(errors);
  const people = indexById('person', inputs.people, (p) => p.id, errors);
  const rotations = indexById('rotation', inputs.rotations, (r) => r.id, errors);
  const endpoints = indexById('endpoint', inputs.endpoints, (e) => e.id, errors);
  const broken = inputs.brokenIds;

  const contactPoints = (points: ContactPoint[], at: (field: string) => Where) => {
    for (const [i, point] of points.entries()) {
      reference('endpoint', point.endpointId, endpoints, broken.endpoints, at(`${i}.endpoint`));
      const endpoint = endpoints.get(point.endpointId)?.value;
      if (endpoint) errors.push(...checkAddress(endpoint, point, at(`${i}`)));
    }
  };
  for (const person of inputs.people) {
    contactPoints(person.value.contactPoints, (f) => person.at(`notify.${f}`));
  }
  for (const client of inputs.clients) {
    for (const [c, contact] of client.value.contacts.entries()) {
      contactPoints(contact.contactPoints, (f) => client.at(`contacts.${c}.notify.${f}`));
    }
  }
  for (const rotation of inputs.rotations) {
    for (const [i, member] of rotation.value.memberIds.entries()) {
      reference('person', member, people, broken.people, rotation.at(`members.${i}`));
    }
    for (const [i, override] of rotation.value.overrides.entries()) {
      reference(
        'person',
        override.personId,
        people,
        broken.people,
        rotation.at(`overrides.${i}.person`),
      );
    }
  }
  for (const service of inputs.services) {
    for (const [role, holder] of Object.entries(service.value.roles)) {
      const key = roleKeyOf(role as keyof typeof service.value.roles);
      if ('personId' in holder) {
        reference(
          'person',
          holder.personId,
          people,
          broken.people,
          service.at(`roles.${key}.person`),
        );
      } else {
        reference(
          'rotation',
          holder.rotationId,
          rotations,
          broken.rotations,
          service.at(`roles.${key}.rotation`),
        );
      }
    }
    for (const [i, role] of (service.value.escalation?.chain ?? []).entries()) {
      if (service.value.roles[role] !== undefined) continue;
      errors.push(
        errorAt(
          service.at(`escalation.chain.${i}`),
          `a role this service has a holder for (roles.${roleKeyOf(role)} is not set)`,
        ),
      );
    }
    for (const [lever, action] of Object.entries(service.value.leverActions ?? {})) {
      if (action === undefined) continue;
      const at = service.at(`levers.${lever}.endpoint`);
      const error = checkLeverEndpoint(action.endpointId, endpoints, broken.endpoints, at);
      if (error) errors.push(error);
    }
  }
}

/** A lever action is one signed POST (Standard Webhooks): only a webhook endpoint can carry it. */
function checkLeverEndpoint(
  endpointId: string,
  endpoints: Map<string, Located<EndpointInput>>,
  broken: Set<string>,
  at: Where,
): ConfigError | undefined {
  if (broken.has(endpointId)) return undefined;
  const endpoint = endpoints.get(endpointId)?.value;
  if (endpoint?.kind === 'webhook') return undefined;
  const webhooks = [...endpoints.values()]
    .filter((e) => e.value.kind === 'webhook')
    .map((e) => e.value.id);
  const list =
    webhooks.length === 0
      ? 'no webhook endpoint is declared'
      : `webhook endpoints declared: ${webhooks.join(', ')}`;
  if (endpoint === undefined) {
    return errorAt(at, `the id of a declared webhook endpoint (${list})`);
  }
  const article = endpoint.kind === 'email' ? 'an' : 'a';
  return errorAt(
    at,
    `the id of a webhook endpoint: a lever action is a signed webhook, and "${endpointId}" is ${article} ${endpoint.kind} endpoint (${list})`,
  );
}

/** Email endpoints send to the contact's address; the others post to their configured URL. */
function checkAddress(endpoint: EndpointInput, point: ContactPoint, at: Where): ConfigError[] {
  const addressAt = { ...at, path: [...at.path, 'address'] };
  if (endpoint.kind === 'email' && point.address === undefined) {
    return [errorAt(addressAt, `an e-mail address, since endpoint "${endpoint.id}" sends e-mail`)];
  }
  if (endpoint.kind !== 'email' && point.address !== undefined) {
    return [
      errorAt(
        addressAt,
        `no address: endpoint "${endpoint.id}" is a ${endpoint.kind} endpoint, which posts to its configured URL`,
      ),
    ];
  }
  return [];
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
