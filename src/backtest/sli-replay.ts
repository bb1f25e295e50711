// The objectives (lanes) replayed on one SLI, stepped together. Their windows come from one
// WindowPool: lanes whose windows would hold the same numbers share one window, fed, advanced and
// observed once per step, and threshold windows share their minutes where they can; each lane's
// evaluateObjective reads its window's observation, exactly as if every lane had its own window.
// A lane whose step provably changes nothing (src/domain/evaluation/quiet-step.ts) is not
// evaluated at all.

import type { ClientDef, ObjectiveDef, SliDef } from '../domain/definitions.js';
import {
  evaluateObjective,
  initialObjectiveState,
} from '../domain/evaluation/evaluate-objective.js';
import {
  budgetStaysQuiet,
  budgetTotalsStayQuiet,
  quietBudgetOf,
  thresholdStaysQuiet,
  worstBadShare,
  type QuietBudget,
} from '../domain/evaluation/quiet-step.js';
import type { BudgetObservation, Observation } from '../domain/observation.js';
import type { ObjectiveState, Transition } from '../domain/objective-state.js';
import { BudgetWindow, type BudgetTotals } from '../domain/windows/budget-window.js';
import type { MinuteData } from '../domain/windows/minute-data.js';
import { createObjectiveWindow, type ObjectiveWindow } from '../domain/windows/objective-window.js';
import { WindowPool } from '../domain/windows/window-pool.js';

export interface ReplayLane {
  def: ObjectiveDef;
  window: ObjectiveWindow;
  state: ObjectiveState;
  /** Where this lane's transitions go. */
  transitions: Transition[];
  /** Budget objectives: what decides a quiet step without the evaluator (budgetStaysQuiet). */
  quiet: QuietBudget | undefined;
  /** Whether a quiet step may be decided without the evaluator (false in the plain replay). */
  shortcuts: boolean;
}

interface WindowGroup {
  window: ObjectiveWindow;
  lanes: ReplayLane[];
}

export class SliReplay {
  private readonly groups: WindowGroup[] = [];
  /** Null for the plain replay, where every lane has a window of its own, fed on its own. */
  private readonly pool: WindowPool | null;
  private readonly totals: BudgetTotals = { periodGood: 0, periodTotal: 0, worstBadShare: 0 };
  private lanes = 0;

  constructor(
    private readonly sli: SliDef,
    private readonly fromMs: number,
    /** False: the plain replay, one window per lane, as the server keeps them. */
    fastPaths = true,
  ) {
    this.pool = fastPaths ? new WindowPool(sli, fromMs) : null;
  }

  get laneCount(): number {
    return this.lanes;
  }

  /** Adds a lane starting at fromMs in ok; its transitions are pushed onto `transitions`. */
  addLane(def: ObjectiveDef, client: ClientDef, transitions: Transition[]): ReplayLane {
    const window =
      this.pool === null
        ? createObjectiveWindow(def, this.sli, client, this.fromMs)
        : this.pool.windowFor(def, client);
    let group = this.groups.find((g) => g.window === window);
    if (group === undefined) {
      group = { window, lanes: [] };
      this.groups.push(group);
    }
    const lane: ReplayLane = {
      def,
      window,
      state: initialObjectiveState(this.fromMs),
      transitions,
      quiet: this.pool !== null && def.kind === 'budget' ? quietBudgetOf(def) : undefined,
      shortcuts: this.pool !== null,
    };
    group.lanes.push(lane);
    this.lanes++;
    return lane;
  }

  apply(data: MinuteData): void {
    if (this.pool !== null) this.pool.apply(data);
    else for (const group of this.groups) group.window.apply(data);
  }

  /**
   * Budget lanes decide a quiet step on the window's totals; the observation is built only for
   * a lane that needs the evaluator.
   */
  private stepBudget(window: BudgetWindow, lanes: ReplayLane[], nowMs: number): void {
    const t = this.totals;
    window.readTotals(nowMs, t);
    let observation: BudgetObservation | undefined;
    for (let l = 0; l < lanes.length; l++) {
      const lane = lanes[l] as ReplayLane;
      if (
        lane.quiet !== undefined &&
        budgetTotalsStayQuiet(lane.quiet, lane.state, t.periodGood, t.periodTotal, t.worstBadShare)
      ) {
        continue;
      }
      observation ??= window.observe(nowMs);
      const evaluated = evaluateObjective(lane.def, observation, lane.state, nowMs);
      if (evaluated.transition !== undefined) lane.transitions.push(evaluated.transition);
      lane.state = evaluated.state;
    }
  }

  /** Advances every window to nowMs and lets each lane decide on its window's observation. */
  step(nowMs: number): void {
    if (this.pool !== null) this.pool.advance(nowMs);
    else for (const group of this.groups) group.window.advance(nowMs);
    const groups = this.groups;
    for (let g = 0; g < groups.length; g++) {
      const { window, lanes } = groups[g] as WindowGroup;
      if (this.pool !== null && window instanceof BudgetWindow) {
        this.stepBudget(window, lanes, nowMs);
        continue;
      }
      const observation = window.observe(nowMs);
      const worst = observation.kind === 'budget' ? worstBadShare(observation) : Number.NaN;
      for (let l = 0; l < lanes.length; l++) {
        const lane = lanes[l] as ReplayLane;
        if (lane.shortcuts && quietStep(lane, observation, worst, nowMs)) continue;
        const evaluated = evaluateObjective(lane.def, observation, lane.state, nowMs);
        if (evaluated.transition !== undefined) lane.transitions.push(evaluated.transition);
        lane.state = evaluated.state;
      }
    }
  }
}

/** Whether evaluateObjective would return the lane's state itself, with no transition. */
function quietStep(
  lane: ReplayLane,
  observation: Observation,
  worst: number,
  nowMs: number,
): boolean {
  if (observation.kind === 'budget') {
    return lane.quiet !== undefined && budgetStaysQuiet(lane.quiet, observation, lane.state, worst);
  }
  return (
    lane.def.kind === 'threshold' && thresholdStaysQuiet(lane.def, observation, lane.state, nowMs)
  );
}
