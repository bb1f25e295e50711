// The objectives (lanes) replayed on one SLI, stepped together. Lanes whose windows would hold the
// same numbers (same window shape key) share one window: it is fed and advanced once per step and
// observed once, and each lane's evaluateObjective reads that observation, exactly as if every
// lane had its own window (windows are deterministic in their data and clock). A budget lane whose
// step provably changes nothing (staysQuiet) is not evaluated at all.

import type { ClientDef, ObjectiveDef, SliDef } from '../domain/definitions.js';
import {
  evaluateObjective,
  initialObjectiveState,
} from '../domain/evaluation/evaluate-objective.js';
import {
  quietBudgetOf,
  staysQuiet,
  worstBadShare,
  type QuietBudget,
} from '../domain/evaluation/quiet-budget.js';
import type { ObjectiveState, Transition } from '../domain/objective-state.js';
import type { MinuteData } from '../domain/windows/minute-data.js';
import { createObjectiveWindow, type ObjectiveWindow } from '../domain/windows/objective-window.js';
import { windowShapeKey } from '../domain/windows/window-shape-key.js';

export interface ReplayLane {
  def: ObjectiveDef;
  window: ObjectiveWindow;
  state: ObjectiveState;
  /** Where this lane's transitions go. */
  transitions: Transition[];
  /** Budget objectives: what decides a quiet step without the evaluator (see staysQuiet). */
  quiet: QuietBudget | undefined;
}

interface WindowGroup {
  window: ObjectiveWindow;
  lanes: ReplayLane[];
}

export class SliReplay {
  private readonly groups: WindowGroup[] = [];
  private readonly byShape = new Map<string, WindowGroup>();
  private lanes = 0;

  constructor(
    private readonly sli: SliDef,
    private readonly fromMs: number,
    /** False: the plain replay, one window per lane, as the server keeps them. */
    private readonly fastPaths = true,
  ) {}

  get laneCount(): number {
    return this.lanes;
  }

  /** Adds a lane starting at fromMs in ok; its transitions are pushed onto `transitions`. */
  addLane(def: ObjectiveDef, client: ClientDef, transitions: Transition[]): ReplayLane {
    const key = this.fastPaths ? windowShapeKey(def, this.sli, client) : undefined;
    let group = key === undefined ? undefined : this.byShape.get(key);
    if (group === undefined) {
      group = { window: createObjectiveWindow(def, this.sli, client, this.fromMs), lanes: [] };
      this.groups.push(group);
      if (key !== undefined) this.byShape.set(key, group);
    }
    const lane: ReplayLane = {
      def,
      window: group.window,
      state: initialObjectiveState(this.fromMs),
      transitions,
      quiet: this.fastPaths && def.kind === 'budget' ? quietBudgetOf(def) : undefined,
    };
    group.lanes.push(lane);
    this.lanes++;
    return lane;
  }

  apply(data: MinuteData): void {
    for (const group of this.groups) group.window.apply(data);
  }

  /** Advances every window to nowMs and lets each lane decide on its window's observation. */
  step(nowMs: number): void {
    const groups = this.groups;
    for (let g = 0; g < groups.length; g++) {
      const { window, lanes } = groups[g] as WindowGroup;
      window.advance(nowMs);
      const observation = window.observe(nowMs);
      const worst = observation.kind === 'budget' ? worstBadShare(observation) : Number.NaN;
      for (let l = 0; l < lanes.length; l++) {
        const lane = lanes[l] as ReplayLane;
        if (
          lane.quiet !== undefined &&
          observation.kind === 'budget' &&
          staysQuiet(lane.quiet, observation, lane.state, worst)
        ) {
          continue;
        }
        const evaluated = evaluateObjective(lane.def, observation, lane.state, nowMs);
        if (evaluated.transition !== undefined) lane.transitions.push(evaluated.transition);
        lane.state = evaluated.state;
      }
    }
  }
}
