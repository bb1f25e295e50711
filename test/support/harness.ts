// An instance without HTTP: the real use cases on a real SQLite store, driven by a fake clock.

import { applyDefinitions } from '../../src/app/apply-definitions.js';
import type { AppContext, Logger } from '../../src/app/context.js';
import { advanceProtocol } from '../../src/app/advance-protocol.js';
import { evaluateObjectives } from '../../src/app/evaluate-objectives.js';
import { runProtocolClock } from '../../src/app/run-protocol-clock.js';
import { ingestSamples } from '../../src/app/ingest-samples.js';
import type { Store } from '../../src/app/ports.js';
import type { Settings } from '../../src/app/settings.js';
import type { Definitions } from '../../src/domain/definitions.js';
import type { Transition } from '../../src/domain/objective-state.js';
import { Secret } from '../../src/config/secret.js';
import { createContext, openForewarnStore } from '../../src/main.js';
import { FakeClock } from './fake-clock.js';

export const PUSH_TOKEN = 'acme-test-push-token-0001';

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export interface Harness {
  ctx: AppContext;
  clock: FakeClock;
  store: Store;
  transitions: Transition[];
  push(items: unknown[], key?: string): ReturnType<typeof ingestSamples>;
  tick(): Promise<Transition[]>;
  /** The breach protocol catches up: transitions → watches/incidents, then its clock's due steps. */
  protocol(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  defs: Definitions,
  options: {
    startMs?: number;
    databaseUrl?: string;
    settings?: Partial<Settings>;
    store?: Store;
  } = {},
): Promise<Harness> {
  const clock = new FakeClock(options.startMs ?? Date.UTC(2026, 10, 2, 9, 0, 0));
  const store =
    options.store ?? (await openForewarnStore(options.databaseUrl ?? 'sqlite::memory:'));
  const ctx = createContext(store, silentLogger, clock, {
    evaluateOnIngest: false,
    ...options.settings,
  });
  const transitions: Transition[] = [];
  ctx.events.on('transition', (t) => transitions.push(t));
  await applyDefinitions(
    ctx,
    defs,
    defs.clients.map((c) => ({ clientId: c.id, token: new Secret(PUSH_TOKEN) })),
  );
  return {
    ctx,
    clock,
    store,
    transitions,
    push: (items, key) =>
      ingestSamples(ctx, {
        clientId: defs.clients[0]?.id ?? 'acme',
        items,
        ...(key !== undefined ? { idempotencyKey: key } : {}),
      }),
    tick: () => evaluateObjectives(ctx),
    protocol: async () => {
      await advanceProtocol(ctx);
      await runProtocolClock(ctx);
    },
    close: () => store.close(),
  };
}
