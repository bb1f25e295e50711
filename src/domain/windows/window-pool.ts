// The windows of several objectives on one SLI, fed the same data and clock together, as a replay
// feeds them: objectives whose windows would hold the same numbers (same shape key) get the same
// window, and threshold windows that differ only in their measurement window share their minutes
// and series. Each window observes what a window of its own, fed alike, would.

import type { ClientDef, ObjectiveDef, SliDef, ThresholdObjectiveDef } from '../definitions.js';
import type { MinuteData } from './minute-data.js';
import { createObjectiveWindow, type ObjectiveWindow } from './objective-window.js';
import { sharedMinutesFit, ThresholdWindow } from './threshold-window.js';
import { windowShapeKey } from './window-shape-key.js';

/** Something fed as a unit: a window, or minutes several threshold windows share. */
interface Feed {
  apply(data: MinuteData): void;
  advance(nowMs: number): void;
}

export class WindowPool {
  private readonly feeds: Feed[] = [];
  private readonly byShape = new Map<string, ObjectiveWindow>();
  private readonly thresholdWindows: Array<{
    def: ThresholdObjectiveDef;
    window: ThresholdWindow;
  }> = [];
  private fed = false;

  constructor(
    private readonly sli: SliDef,
    /** When every window starts. */
    private readonly fromMs: number,
  ) {}

  /** The window for an objective on this pool's SLI; all are taken before the pool is fed. */
  windowFor(def: ObjectiveDef, client: ClientDef): ObjectiveWindow {
    if (this.fed) throw new Error('a window pool hands out windows only before it is fed');
    const key = windowShapeKey(def, this.sli, client);
    const same = this.byShape.get(key);
    if (same !== undefined) return same;
    const window = this.newWindow(def, client);
    this.byShape.set(key, window);
    return window;
  }

  apply(data: MinuteData): void {
    this.fed = true;
    for (const feed of this.feeds) feed.apply(data);
  }

  advance(nowMs: number): void {
    this.fed = true;
    for (const feed of this.feeds) feed.advance(nowMs);
  }

  private newWindow(def: ObjectiveDef, client: ClientDef): ObjectiveWindow {
    if (def.kind === 'threshold') {
      for (const other of this.thresholdWindows) {
        if (sharedMinutesFit(def, other.def)) {
          return ThresholdWindow.sharing(def, this.sli, other.window.sharedMinutes, this.fromMs);
        }
      }
      const window = ThresholdWindow.create(def, this.sli, client, this.fromMs);
      this.thresholdWindows.push({ def, window });
      this.feeds.push(window.sharedMinutes);
      return window;
    }
    const window = createObjectiveWindow(def, this.sli, client, this.fromMs);
    this.feeds.push(window);
    return window;
  }
}
