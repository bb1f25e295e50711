// A weekly on-call rotation: members take turns, handing over on a weekday at a local time.
// Whether the members exist is checked across sections in check-inputs.ts.

import { z } from 'zod';
import type { RotationDef } from '../domain/definitions.js';
import { idSchema, instantMsSchema, strict, timeZoneSchema } from './schema-parts.js';

export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;

const TIME_EXPECTED = 'a local time of day "HH:MM" such as "09:00"';
const timeOfDaySchema = z.string({ error: TIME_EXPECTED }).transform((text, ctx) => {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) {
    ctx.issues.push({ code: 'custom', message: TIME_EXPECTED, input: text });
    return z.NEVER;
  }
  return Number(match[1]) * 60 + Number(match[2]);
});

const handoffSchema = strict({
  weekday: z.enum(WEEKDAYS, { error: `a weekday: ${WEEKDAYS.join(', ')}` }).default('monday'),
  time: timeOfDaySchema.default(9 * 60),
  timeZone: timeZoneSchema.default('UTC'),
}).prefault({});

const overrideSchema = strict({ person: idSchema, from: instantMsSchema, to: instantMsSchema })
  .superRefine((o, ctx) => {
    if (o.to <= o.from) {
      ctx.issues.push({
        code: 'custom',
        path: ['to'],
        message: `an instant after "from" (${new Date(o.from).toISOString()})`,
        input: o.to,
      });
    }
  })
  .transform((o) => ({ personId: o.person, fromMs: o.from, toMs: o.to }));

export const rotationSchema = strict({
  id: idSchema,
  members: z
    .array(idSchema, { error: 'a list of person ids' })
    .min(1, { error: 'at least one member' }),
  handoff: handoffSchema,
  startsAt: instantMsSchema,
  overrides: z.array(overrideSchema, { error: 'a list of { person, from, to }' }).default([]),
}).transform((r): RotationDef => ({
  id: r.id,
  memberIds: r.members,
  handoffWeekday: WEEKDAYS.indexOf(r.handoff.weekday),
  handoffMinuteOfDay: r.handoff.time,
  timeZone: r.handoff.timeZone,
  startsAtMs: r.startsAt,
  overrides: r.overrides,
}));
