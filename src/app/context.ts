// Passed to every use case: the ports and shared state, nothing global.

import type { Engine } from './engine.js';
import type { AppEvents } from './events.js';
import type { Clock, LeverActionRunner, Store } from './ports.js';
import type { Settings } from './settings.js';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface AppContext {
  store: Store;
  clock: Clock;
  events: AppEvents;
  settings: Settings;
  engine: Engine;
  logger: Logger;
  /** Containment levers' bound actions; absent: levers are recorded by hand only. */
  leverActions?: LeverActionRunner;
}
