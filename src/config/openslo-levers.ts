// A service's lever actions in OpenSLO, whose Service has no place for them: the annotation
// forewarn.dev/levers on the Service document, "feature-flag=flag-service, deploy-rollback=cd"
// (lever=endpoint id, comma-separated). The endpoints themselves hold secrets and stay in a
// forewarn/v1 file loaded alongside.

import type { LeverActionDef, ServiceDef } from '../domain/definitions.js';
import { LEVERS } from '../domain/protocol/case-files.js';
import type { LeverName } from '../domain/protocol/case-files.js';
import { ID_PATTERN } from './schema-parts.js';

type LeverActions = NonNullable<ServiceDef['leverActions']>;

export const LEVER_ANNOTATION_EXPECTED =
  'comma-separated lever=endpoint pairs such as "feature-flag=flag-service"';

export function formatLeverAnnotation(actions: LeverActions): string | undefined {
  const pairs = Object.entries(actions).flatMap(([lever, action]) =>
    action === undefined ? [] : [`${lever}=${action.endpointId}`],
  );
  return pairs.length === 0 ? undefined : pairs.join(', ');
}

export type ParsedLevers = { ok: true; value: LeverActions } | { ok: false; expected: string };

const isLever = (name: string): name is LeverName => (LEVERS as readonly string[]).includes(name);

export function parseLeverAnnotation(text: string): ParsedLevers {
  const value: Partial<Record<LeverName, LeverActionDef>> = {};
  const refuse = (why: string): ParsedLevers => ({
    ok: false,
    expected: `${LEVER_ANNOTATION_EXPECTED} (${why})`,
  });
  for (const pair of text.split(',').map((p) => p.trim())) {
    const [lever = '', endpoint, ...rest] = pair.split('=').map((p) => p.trim());
    if (endpoint === undefined || rest.length > 0) return refuse(`"${pair}" is no lever=endpoint`);
    if (!isLever(lever)) return refuse(`"${lever}" is not a lever: ${LEVERS.join(', ')}`);
    if (!ID_PATTERN.test(endpoint)) return refuse(`"${endpoint}" is not an endpoint id`);
    if (value[lever] !== undefined) return refuse(`"${lever}" is bound twice`);
    value[lever] = { endpointId: endpoint };
  }
  return { ok: true, value };
}
