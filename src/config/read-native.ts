// Reads one document of Forewarn's own format (apiVersion: forewarn/v1) into ConfigInputs.

import { z } from 'zod';
import { clientSchema } from './client-schema.js';
import type { ConfigError } from './config-error.js';
import type { ConfigInputs, Located, ObjectiveInput, Section, SlaInput } from './config-input.js';
import { locatedAt } from './config-input.js';
import { endpointSchema, isSecretEndpointPath } from './endpoint-schema.js';
import { objectiveSchema } from './objective-schema.js';
import { personSchema } from './person-schema.js';
import { probeSchema } from './probe-schema.js';
import { prometheusSourceSchema } from './prometheus-source-schema.js';
import { remoteWriteRuleSchema } from './remote-write-schema.js';
import { rotationSchema } from './rotation-schema.js';
import { strict } from './schema-parts.js';
import { serviceSchema } from './service-schema.js';
import { slaHeaderSchema } from './sla-schema.js';
import { sliSchema } from './sli-schema.js';
import { isHeaderValuePath } from './source-headers-schema.js';
import type { SourceDocument, Where } from './source-document.js';
import { validateSection } from './validate-section.js';

export const NATIVE_API_VERSION = 'forewarn/v1';

const sectionList = (what: string) =>
  z.array(z.unknown(), { error: `a list of ${what}` }).default([]);

const envelopeSchema = strict({
  apiVersion: z.literal(NATIVE_API_VERSION, { error: `"${NATIVE_API_VERSION}"` }),
  clients: sectionList('clients'),
  services: sectionList('services'),
  slis: sectionList('SLIs'),
  slas: sectionList('SLAs'),
  people: sectionList('people'),
  rotations: sectionList('rotations'),
  endpoints: sectionList('endpoints'),
  probes: sectionList('probes'),
  prometheus: sectionList('Prometheus sources'),
  remoteWrite: sectionList('remote-write rules'),
});

export function readNativeDocument(source: SourceDocument, inputs: ConfigInputs): ConfigError[] {
  const envelope = validateSection(envelopeSchema, { source, path: [] }, source.data);
  if (!envelope.ok) return envelope.errors;
  const errors: ConfigError[] = [];
  const each = <T>(
    section: Exclude<Section, 'slas'>,
    schema: z.ZodType<T>,
    add: (value: T, where: Where) => void,
  ) => {
    for (const [index, item] of envelope.value[section].entries()) {
      const where: Where = { source, path: [section, index] };
      const isSecret =
        section === 'endpoints'
          ? (path: readonly (string | number)[]) => isSecretEndpointPath(item, path)
          : section === 'probes' || section === 'prometheus'
            ? isHeaderValuePath
            : undefined;
      const result = validateSection(schema, where, item, isSecret ? { isSecret } : {});
      if (result.ok) add(result.value, where);
      else {
        errors.push(...result.errors);
        const id = idOf(item);
        if (id !== undefined) inputs.brokenIds[section].add(id);
      }
    }
  };

  each('clients', clientSchema, (value, where) => inputs.clients.push(locatedAt(value, where)));
  each('services', serviceSchema, (value, where) => inputs.services.push(locatedAt(value, where)));
  each('slis', sliSchema, (value, where) => inputs.slis.push(locatedAt(value, where)));
  each('people', personSchema, (value, where) => inputs.people.push(locatedAt(value, where)));
  each('rotations', rotationSchema, (value, where) =>
    inputs.rotations.push(locatedAt(value, where)),
  );
  each('endpoints', endpointSchema, (value, where) =>
    inputs.endpoints.push(locatedAt(value, where)),
  );
  each('probes', probeSchema, (value, where) => inputs.probes.push(locatedAt(value, where)));
  each('prometheus', prometheusSourceSchema, (value, where) =>
    inputs.prometheus.push(locatedAt(value, where)),
  );
  each('remoteWrite', remoteWriteRuleSchema, (value, where) =>
    inputs.remoteWrite.push(locatedAt(value, where)),
  );
  for (const [index, item] of envelope.value.slas.entries()) {
    const where: Where = { source, path: ['slas', index] };
    const header = validateSection(slaHeaderSchema, where, item);
    const rawObjectives = header.ok ? header.value.objectives : objectivesOf(item);
    const objectives: Located<ObjectiveInput>[] = [];
    for (const [i, raw] of rawObjectives.entries()) {
      const at: Where = { source, path: [...where.path, 'objectives', i] };
      const objective = validateSection(objectiveSchema, at, raw);
      if (objective.ok) objectives.push(locatedAt(objective.value, at));
      else errors.push(...objective.errors);
    }
    if (!header.ok) {
      errors.push(...header.errors);
      const id = idOf(item);
      if (id !== undefined) inputs.brokenIds.slas.add(id);
      continue;
    }
    const { objectives: _raw, ...rest } = header.value;
    const sla: SlaInput = { ...rest, objectives };
    inputs.slas.push(locatedAt(sla, where));
  }
  return errors;
}

function idOf(item: unknown): string | undefined {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

function objectivesOf(item: unknown): unknown[] {
  const objectives = (item as { objectives?: unknown } | null)?.objectives;
  return Array.isArray(objectives) ? objectives : [];
}
