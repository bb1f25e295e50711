// Whose on-call turn it is: members take weekly turns that start at the handoff weekday and
// local time in the rotation's zone (so a turn is 167 or 169 hours across a DST change).
// An override covering the instant wins; when several do, the one declared last.

import type { RotationDef } from '../definitions.js';
import { instantOf, wallTimeAt } from '../zoned-time.js';

export function onCallAt(rotation: RotationDef, nowMs: number): string {
  for (let i = rotation.overrides.length - 1; i >= 0; i--) {
    const override = rotation.overrides[i];
    if (override && override.fromMs <= nowMs && nowMs < override.toMs) return override.personId;
  }
  const turns = (turnStartDay(rotation, nowMs) - turnStartDay(rotation, rotation.startsAtMs)) / 7;
  const count = rotation.memberIds.length;
  const member = rotation.memberIds[((turns % count) + count) % count];
  if (member === undefined) throw new RangeError(`rotation "${rotation.id}" has no members`);
  return member;
}

/** Local date (epoch day) of the last handoff at or before the instant. */
function turnStartDay(rotation: RotationDef, ms: number): number {
  const wall = wallTimeAt(ms, rotation.timeZone);
  let day = wall.epochDay - ((wall.weekday - rotation.handoffWeekday + 7) % 7);
  if (instantOf(day, rotation.handoffMinuteOfDay, rotation.timeZone) > ms) day -= 7;
  return day;
}
