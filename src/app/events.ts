// In-process fan-out of what happened, for live views (SSE) and later notification routing.

import { EventEmitter } from 'node:events';
import type { Definitions } from '../domain/definitions.js';
import type { Transition } from '../domain/objective-state.js';

/** A watch or incident changed: what happened, for live views. */
export interface ProtocolEvent {
  subject: 'incident' | 'watch';
  id: string;
  kind: string;
  atMs: number;
  /**
   * The clients of the case, when the commit that wrote the step carried the record (it does for
   * every step the protocol writes), so listeners need not read it back. In-process only: the
   * API's event stream sends the four fields above.
   */
  clientIds?: readonly string[];
}

/** What a stream outside the process is sent of a protocol event: its four public fields. */
export function publicProtocolEvent({ subject, id, kind, atMs }: ProtocolEvent): ProtocolEvent {
  return { subject, id, kind, atMs };
}

export interface AppEventMap {
  transition: [Transition];
  protocol: [ProtocolEvent];
  /** Definitions were applied or restored: sources (probes, pulls) follow them. */
  definitions: [Definitions];
}

export class AppEvents extends EventEmitter<AppEventMap> {
  constructor() {
    super();
    // Every open SSE stream is one listener.
    this.setMaxListeners(0);
  }
}
