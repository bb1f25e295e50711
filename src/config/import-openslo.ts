// Reads OpenSLO v1 documents (Service, SLI, SLO) plus Forewarn's extension kinds (Client, SLA
// under forewarn.dev/v1) into ConfigInputs. An SLO becomes an objective only when an SLA lists
// it: OpenSLO has no notion of a client or a contract.

import type { z } from 'zod';
import type { ServiceDef, SliDef } from '../domain/definitions.js';
import type { ConfigError, PathSegment } from './config-error.js';
import { formatPath } from './config-error.js';
import type {
  ClientInput,
  ConfigInputs,
  Located,
  ObjectiveInput,
  SlaInput,
} from './config-input.js';
import { fieldSegments } from './config-input.js';
import type { ConfigNote } from './config-note.js';
import { noteAt } from './config-note.js';
import type { Doc, Measured, SloSpec } from './measure-openslo-slo.js';
import { measureSlo, within } from './measure-openslo-slo.js';
import { parseLeverAnnotation } from './openslo-levers.js';
import {
  ANNOTATION,
  clientSpecSchema,
  documentHeaderSchema,
  FOREWARN_EXTENSION_API_VERSION,
  OPENSLO_API_VERSION,
  serviceSpecSchema,
  slaObjectiveEntrySchema,
  slaSpecSchema,
  sliSpecSchema,
  sloSpecSchema,
} from './openslo-schema.js';
import type { SourceDocument, Where } from './source-document.js';
import { errorAt } from './source-document.js';
import { validateSection } from './validate-section.js';

type SliSpec = z.output<typeof sliSpecSchema>;

interface SliDoc extends Doc<SliSpec> {
  /** For an inline indicator: the SLO it sits in, whose service it measures. */
  inlineIn?: Doc<SloSpec>;
}

const KINDS = {
  [OPENSLO_API_VERSION]: [
    'Service',
    'SLI',
    'SLO',
    'AlertPolicy',
    'AlertCondition',
    'AlertNotificationTarget',
    'DataSource',
  ],
  [FOREWARN_EXTENSION_API_VERSION]: ['Client', 'SLA'],
} as const;

export function readOpenSloDocuments(
  sources: readonly SourceDocument[],
  inputs: ConfigInputs,
): { errors: ConfigError[]; notes: ConfigNote[] } {
  const errors: ConfigError[] = [];
  const notes: ConfigNote[] = [];
  const services: Doc<z.output<typeof serviceSpecSchema>>[] = [];
  const slis: SliDoc[] = [];
  const slos: Doc<SloSpec>[] = [];
  const clients: Doc<z.output<typeof clientSpecSchema>>[] = [];
  const slas: Doc<z.output<typeof slaSpecSchema>>[] = [];
  const brokenSlos = new Set<string>();

  for (const source of sources) {
    const root: Where = { source, path: [] };
    const header = validateSection(documentHeaderSchema, root, source.data);
    if (!header.ok) {
      errors.push(...header.errors);
      continue;
    }
    const { apiVersion, kind, metadata } = header.value;
    const known: readonly string[] = KINDS[apiVersion as keyof typeof KINDS] ?? [];
    if (!known.includes(kind)) {
      errors.push(errorAt(within(root, 'kind'), `a kind of ${apiVersion}: ${known.join(', ')}`));
      continue;
    }
    const spec = <S extends z.ZodType>(
      schema: S,
      broken?: Set<string>,
    ): z.output<S> | undefined => {
      const result = validateSection(schema, within(root, 'spec'), header.value.spec);
      if (result.ok) return result.value;
      errors.push(...result.errors);
      broken?.add(metadata.name);
      return undefined;
    };
    const add = <Spec>(list: Doc<Spec>[], value: Spec | undefined) => {
      if (value !== undefined) list.push({ metadata, spec: value, where: root });
    };
    switch (kind) {
      case 'Service':
        add(services, spec(serviceSpecSchema, inputs.brokenIds.services));
        break;
      case 'SLI':
        add(slis, spec(sliSpecSchema, inputs.brokenIds.slis));
        break;
      case 'SLO': {
        const slo = spec(sloSpecSchema, brokenSlos);
        if (slo === undefined) break;
        const doc = { metadata, spec: slo, where: root };
        if (slo.indicator) {
          slis.push({ ...slo.indicator, where: within(root, 'spec', 'indicator'), inlineIn: doc });
        } else if (slo.indicatorRef === undefined) {
          errors.push(
            errorAt(
              within(root, 'spec', 'indicatorRef'),
              'an indicatorRef naming an SLI, or an inline indicator',
            ),
          );
          brokenSlos.add(metadata.name);
          break;
        }
        if (slo.alertPolicies !== undefined) {
          notes.push(
            noteAt(
              within(root, 'spec', 'alertPolicies'),
              `alertPolicies of SLO "${metadata.name}" are ignored: Forewarn's early warning is set per objective in the SLA (earlyWarning)`,
            ),
          );
        }
        slos.push(doc);
        break;
      }
      case 'Client':
        add(clients, spec(clientSpecSchema, inputs.brokenIds.clients));
        break;
      case 'SLA':
        add(slas, spec(slaSpecSchema, inputs.brokenIds.slas));
        break;
      default:
        notes.push(
          noteAt(
            root,
            `${kind} "${metadata.name}" is ignored: Forewarn notifies per its own protocol`,
          ),
        );
    }
  }

  for (const s of services) {
    const leversWhere = within(s.where, 'metadata', 'annotations', ANNOTATION.levers);
    const leverText = s.metadata.annotations?.[ANNOTATION.levers];
    const levers = leverText === undefined ? undefined : parseLeverAnnotation(leverText);
    if (levers?.ok === false) {
      errors.push(errorAt(leversWhere, levers.expected));
      inputs.brokenIds.services.add(s.metadata.name);
      continue;
    }
    const value: ServiceDef = {
      id: s.metadata.name,
      name: s.metadata.displayName ?? s.metadata.name,
      ...(s.spec.description === undefined ? {} : { description: s.spec.description }),
      // Roles and escalation are Forewarn's own: declare them in a forewarn/v1 file.
      roles: {},
      ...(levers === undefined ? {} : { leverActions: levers.value }),
    };
    const base = metadataAt(s.where, {});
    const at = (field?: string) => (field?.startsWith('levers.') ? leversWhere : base(field));
    inputs.services.push({ value, at });
  }

  for (const c of clients) {
    const value: ClientInput = {
      id: c.metadata.name,
      name: c.metadata.displayName ?? c.metadata.name,
      timeZone: c.spec.timeZone,
      pushTokens: c.spec.pushTokens,
      contacts: [],
    };
    inputs.clients.push({ value, at: metadataAt(c.where, {}) });
  }

  const sloByName = new Map<string, Doc<SloSpec>>();
  for (const slo of slos) {
    const first = sloByName.get(slo.metadata.name);
    if (first) {
      errors.push(
        errorAt(
          within(slo.where, 'metadata', 'name'),
          `an SLO name not used by another SLO ("${slo.metadata.name}" is used at ${describeWhere(first.where)})`,
        ),
      );
    } else sloByName.set(slo.metadata.name, slo);
  }

  readSlis(slis, slos, inputs, notes);

  const measured = new Map<Doc<SloSpec>, Measured | undefined>();
  const measure = (slo: Doc<SloSpec>): Measured | undefined => {
    if (!measured.has(slo)) {
      const result = measureSlo(slo);
      if (!result.ok) errors.push(...result.errors);
      measured.set(slo, result.ok ? result.value : undefined);
    }
    return measured.get(slo);
  };

  const covered = new Set<string>();
  for (const sla of slas) {
    const objectives: Located<ObjectiveInput>[] = [];
    for (const [i, raw] of sla.spec.objectives.entries()) {
      const entryWhere = within(sla.where, 'spec', 'objectives', i);
      const entry = validateSection(slaObjectiveEntrySchema, entryWhere, raw);
      if (!entry.ok) {
        errors.push(...entry.errors);
        continue;
      }
      const slo = sloByName.get(entry.value.slo);
      if (slo === undefined) {
        if (brokenSlos.has(entry.value.slo)) continue;
        const names = [...sloByName.keys()];
        errors.push(
          errorAt(
            within(entryWhere, 'slo'),
            `the name of an SLO document (${names.length === 0 ? 'none is declared' : `declared: ${names.join(', ')}`})`,
          ),
        );
        continue;
      }
      covered.add(slo.metadata.name);
      if (slo.spec.service !== sla.spec.service) {
        errors.push(
          errorAt(
            within(entryWhere, 'slo'),
            `an SLO of the SLA's service "${sla.spec.service}" (SLO "${slo.metadata.name}" is for "${slo.spec.service}")`,
          ),
        );
        continue;
      }
      const measurement = measure(slo);
      if (measurement === undefined) continue;
      const client = inputs.clients.find((c) => c.value.id === sla.spec.client);
      const calendarZone = measurement.calendarTimeZone;
      if (client && calendarZone !== undefined && calendarZone !== client.value.timeZone) {
        errors.push(
          errorAt(
            within(slo.where, 'spec', 'timeWindow', 0, 'calendar', 'timeZone'),
            `the time zone of client "${client.value.id}" ("${client.value.timeZone}"), where its calendar months start`,
          ),
        );
      }
      const e = entry.value;
      const value: ObjectiveInput = {
        ...measurement.objective,
        localId: e.id ?? slo.metadata.name,
        name: slo.metadata.displayName ?? measurement.defaultName,
        sliId: slo.spec.indicator?.metadata.name ?? slo.spec.indicatorRef ?? '',
        earlyWarning: e.earlyWarning,
        recoveryPeriodMs: e.recoveryPeriod,
        clearAfterMs: e.clearAfter,
      };
      objectives.push({
        value,
        at: objectiveAt(entryWhere, e.id !== undefined, slo, measurement.fields),
      });
    }
    const value: SlaInput = {
      id: sla.metadata.name,
      clientId: sla.spec.client,
      serviceId: sla.spec.service,
      name: sla.metadata.displayName ?? sla.metadata.name,
      contract: sla.spec.contract,
      objectives,
    };
    inputs.slas.push({
      value,
      at: metadataAt(sla.where, { client: ['spec', 'client'], service: ['spec', 'service'] }, [
        'spec',
      ]),
    });
  }

  for (const slo of sloByName.values()) {
    if (!covered.has(slo.metadata.name)) {
      notes.push(
        noteAt(
          slo.where,
          `SLO "${slo.metadata.name}" is listed by no forewarn.dev/v1 SLA, so nothing watches it`,
        ),
      );
    }
  }
  return { errors, notes };
}

function readSlis(
  slis: SliDoc[],
  slos: Doc<SloSpec>[],
  inputs: ConfigInputs,
  notes: ConfigNote[],
): void {
  const seenInline = new Set<string>();
  for (const sli of slis) {
    const name = sli.metadata.name;
    if (sli.inlineIn) {
      if (seenInline.has(name)) continue;
      seenInline.add(name);
    }
    const annotated = sli.metadata.annotations?.[ANNOTATION.service];
    const user = sli.inlineIn ?? slos.find((slo) => slo.spec.indicatorRef === name);
    const serviceId = annotated ?? user?.spec.service;
    if (serviceId === undefined) {
      notes.push(
        noteAt(
          sli.where,
          `SLI "${name}" is used by no SLO and has no ${ANNOTATION.service} annotation, so it is skipped`,
        ),
      );
      continue;
    }
    const unit = sli.metadata.annotations?.[ANNOTATION.unit];
    const value: SliDef = {
      id: name,
      serviceId,
      name: sli.metadata.displayName ?? name,
      kind: sli.spec.ratioMetric ? 'ratio' : 'distribution',
      ...(unit === undefined ? {} : { unit }),
      ...(sli.spec.description === undefined ? {} : { description: sli.spec.description }),
    };
    const serviceWhere =
      annotated !== undefined || user === undefined
        ? within(sli.where, 'metadata', 'annotations', ANNOTATION.service)
        : within(user.where, 'spec', 'service');
    const base = metadataAt(sli.where, {});
    inputs.slis.push({ value, at: (field) => (field === 'service' ? serviceWhere : base(field)) });
  }
}

/** `at` for a document whose id is metadata.name and whose other fields sit under `fieldBase`. */
function metadataAt(
  where: Where,
  mapped: Record<string, PathSegment[]>,
  fieldBase: PathSegment[] = ['spec'],
): Located<unknown>['at'] {
  return (field) => {
    if (field === undefined || field === '') return where;
    if (field === 'id') return within(where, 'metadata', 'name');
    const direct = mapped[field];
    if (direct) return within(where, ...direct);
    return within(where, ...fieldBase, ...fieldSegments(field));
  };
}

function objectiveAt(
  entry: Where,
  hasId: boolean,
  slo: Doc<SloSpec>,
  fields: Record<string, PathSegment[]>,
): Located<unknown>['at'] {
  return (field) => {
    if (field === undefined || field === '') return entry;
    if (field === 'id') return within(entry, hasId ? 'id' : 'slo');
    const head = field.split('.')[0];
    if (head === 'earlyWarning' || head === 'recoveryPeriod' || head === 'clearAfter') {
      return within(entry, ...fieldSegments(field));
    }
    if (field === 'sli') {
      return within(
        slo.where,
        ...(slo.spec.indicator
          ? ['spec', 'indicator', 'metadata', 'name']
          : ['spec', 'indicatorRef']),
      );
    }
    const mapped = fields[field];
    return mapped ? within(slo.where, ...mapped) : slo.where;
  };
}

function describeWhere(where: Where): string {
  const line = where.source.lineOf(where.path);
  return `${where.source.file}${line === undefined ? '' : `:${line}`} ${formatPath([...where.source.displayPrefix, ...where.path])}`.trim();
}
