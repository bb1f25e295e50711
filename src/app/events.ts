// In-process fan-out of what happened, for live views (SSE) and later notification routing.

import { EventEmitter } from 'node:events';
import type { Transition } from '../domain/objective-state.js';

export interface AppEventMap {
  transition: [Transition];
}

export class AppEvents extends EventEmitter<AppEventMap> {
  constructor() {
    super();
    // Every open SSE stream is one listener.
    this.setMaxListeners(0);
  }
}
