// What the readers (our YAML, OpenSLO) produce before cross-checks: section values that each
// passed their own schema, with a way to point back at the field they came from.

import type {
  BurnRateRule,
  ClientDef,
  ContractTerms,
  FractionOfThresholdPolicy,
  ObjectiveDef,
  PersonDef,
  RotationDef,
  ServiceDef,
  SliDef,
  TrendProjectionPolicy,
} from '../domain/definitions.js';
import type { RemoteWriteRule } from '../domain/sources.js';
import type { ProbeInput } from './probe-schema.js';
import type { PrometheusSourceInput } from './prometheus-source-schema.js';
import type { Where } from './source-document.js';

export interface Located<T> {
  value: T;
  /** Where a field lives, by its name in our YAML format, e.g. "budget.goodWhen" or "sli". */
  at(field?: string): Where;
}

/** A secret before it is read: from an environment variable, or written inline. */
export type SecretRef = { env: string } | { value: string };
export type PushTokenRef = SecretRef;

/** An endpoint as written: its secrets still references (resolve-endpoints.ts reads them). */
export type EndpointInput =
  | {
      kind: 'email';
      id: string;
      smtp: {
        host: string;
        port: number;
        secure: boolean;
        user?: string;
        password?: SecretRef;
        from: string;
      };
    }
  | { kind: 'webhook'; id: string; url: SecretRef; signingSecret: SecretRef }
  | { kind: 'slack'; id: string; url: SecretRef }
  | { kind: 'teams'; id: string; url: SecretRef }
  | { kind: 'pagerduty'; id: string; routingKey: SecretRef; url: string };

export interface ClientInput extends ClientDef {
  pushTokens: PushTokenRef[];
}

export interface EarlyWarningInput {
  fractionOfThreshold?: FractionOfThresholdPolicy;
  trendProjection?: TrendProjectionPolicy;
  burnRates?: 'default' | BurnRateRule[];
}

type WithoutSlaParts<T> = T extends unknown ? Omit<T, 'key' | 'slaId' | 'earlyWarning'> : never;

/** An objective before its SLA gives it a key; `earlyWarning` undefined means "use defaults". */
export type ObjectiveInput = WithoutSlaParts<ObjectiveDef> & {
  earlyWarning: EarlyWarningInput | undefined;
};

export interface SlaInput {
  id: string;
  clientId: string;
  serviceId: string;
  name: string;
  contract: ContractTerms;
  objectives: Located<ObjectiveInput>[];
}

export interface ConfigInputs {
  clients: Located<ClientInput>[];
  services: Located<ServiceDef>[];
  slis: Located<SliDef>[];
  slas: Located<SlaInput>[];
  people: Located<PersonDef>[];
  rotations: Located<RotationDef>[];
  endpoints: Located<EndpointInput>[];
  probes: Located<ProbeInput>[];
  prometheus: Located<PrometheusSourceInput>[];
  remoteWrite: Located<RemoteWriteRule>[];
  /** Ids of items that failed their own schema: references to them are not reported again. */
  brokenIds: Record<Section, Set<string>>;
}

export type Section =
  | 'clients'
  | 'services'
  | 'slis'
  | 'slas'
  | 'people'
  | 'rotations'
  | 'endpoints'
  | 'probes'
  | 'prometheus'
  | 'remoteWrite';

export function emptyInputs(): ConfigInputs {
  return {
    clients: [],
    services: [],
    slis: [],
    slas: [],
    people: [],
    rotations: [],
    endpoints: [],
    probes: [],
    prometheus: [],
    remoteWrite: [],
    brokenIds: {
      clients: new Set(),
      services: new Set(),
      slis: new Set(),
      slas: new Set(),
      people: new Set(),
      rotations: new Set(),
      endpoints: new Set(),
      probes: new Set(),
      prometheus: new Set(),
      remoteWrite: new Set(),
    },
  };
}

/** Field paths in our YAML format, "a.b.0" → ["a", "b", 0]. */
export function fieldSegments(field: string | undefined): (string | number)[] {
  if (field === undefined || field === '') return [];
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export function locatedAt<T>(value: T, base: Where): Located<T> {
  return {
    value,
    at: (field) => ({ source: base.source, path: [...base.path, ...fieldSegments(field)] }),
  };
}
