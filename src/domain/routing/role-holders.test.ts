import { describe, expect, it } from 'vitest';
import type { ServiceDef } from '../definitions.js';
import { peopleForRoles, roleHoldersAt } from './role-holders.js';
import { NOW_MS, routingDefinitions, SUBMISSIONS } from './test-support/routing-definitions.js';

const defs = routingDefinitions();
const ids = (service: ServiceDef, roles: Parameters<typeof peopleForRoles>[1], nowMs = NOW_MS) =>
  peopleForRoles(service, roles, defs, nowMs).map((p) => p.id);

describe('peopleForRoles', () => {
  it.each<[string, Parameters<typeof peopleForRoles>[1], string[]]>([
    [
      'on-call from the rotation, then the product owner',
      ['on-call', 'product-owner'],
      ['alice', 'dana'],
    ],
    ['in the order the roles are asked for', ['communicator', 'tech-lead'], ['frank', 'erin']],
    ['nobody for no roles', [], []],
  ])('%s', (_, roles, expected) => {
    expect(ids(SUBMISSIONS, roles)).toEqual(expected);
  });

  it('follows the rotation: bob a week later', () => {
    expect(ids(SUBMISSIONS, ['on-call'], NOW_MS + 7 * 86_400_000)).toEqual(['bob']);
  });

  it('lists someone holding several roles once, at the first', () => {
    const service: ServiceDef = {
      ...SUBMISSIONS,
      roles: {
        'on-call': { personId: 'dana' },
        'product-owner': { personId: 'dana' },
        'tech-lead': { personId: 'erin' },
      },
    };
    expect(
      roleHoldersAt(service, ['tech-lead', 'on-call', 'product-owner'], defs, NOW_MS).map(
        (h) => `${h.role}:${h.person.id}`,
      ),
    ).toEqual(['tech-lead:erin', 'on-call:dana']);
  });

  it('skips roles nobody holds, unknown people and unknown rotations', () => {
    const service: ServiceDef = {
      ...SUBMISSIONS,
      roles: { 'on-call': { rotationId: 'gone' }, 'product-owner': { personId: 'ghost' } },
    };
    expect(ids(service, ['on-call', 'product-owner', 'tech-lead'])).toEqual([]);
  });
});
