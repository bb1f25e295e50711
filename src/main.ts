// The one place where adapters are built and wired into a running instance.

import type { FastifyInstance } from 'fastify';
import { applyDefinitions, replacePushTokens } from './app/apply-definitions.js';
import { serializeDefinitions } from './config/serialize-definitions.js';
import type { AppContext, Logger } from './app/context.js';
import { Engine } from './app/engine.js';
import { AppEvents } from './app/events.js';
import type { Clock, Store } from './app/ports.js';
import { runEngine } from './app/run-engine.js';
import { createLeverActionRunner } from './notify/lever-action/lever-action-runner.js';
import { DEFAULT_SETTINGS, type Settings } from './app/settings.js';
import { startInstance } from './app/start-instance.js';
import type { ForewarnConfig } from './config/load-config.js';
import type { Secret } from './config/secret.js';
import type { Definitions } from './domain/definitions.js';
import { Sketch } from './domain/windows/sketch.js';
import { Dispatcher } from './app/dispatch-notifications.js';
import { buildServer } from './http/build-server.js';
import { createOutboundClient } from './net/guarded-http-client.js';
import { createChannelSenders } from './notify/channel-registry.js';
import { createProbeRunner } from './sources/probes/probe-runner.js';
import { createPrometheusPuller } from './sources/prometheus/prometheus-puller.js';
import { receiveRemoteWrite } from './sources/remote-write/receive-remote-write.js';
import type { SourceRunner } from './sources/source-runner.js';
import { openStore } from './store/open-store.js';
import { defaultSecureCookies } from './web/auth/secure-cookies.js';

export interface ForewarnOptions {
  databaseUrl: string;
  /** Definitions to apply at start (configuration as code); stored ones are kept otherwise. */
  config?: ForewarnConfig;
  /** Applied only when neither `config` is given nor any definitions are stored yet. */
  fallbackConfig?: () => ForewarnConfig;
  host: string;
  /** 0 picks a free port. */
  port: number;
  adminToken: Secret;
  env: Record<string, string | undefined>;
  /** Private or loopback destinations outbound traffic may reach (see docs/outbound-safety.md). */
  outboundAllow?: string[];
  logger: Logger;
  clock?: Clock;
  settings?: Partial<Settings>;
  /** Secure attribute on cookies; default on unless `host` is loopback (docs/accounts.md). */
  secureCookies?: boolean;
}

export interface RunningForewarn {
  ctx: AppContext;
  dispatcher: Dispatcher;
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

export function mergeSketches(a: Uint8Array, b: Uint8Array): Uint8Array {
  const merged = Sketch.decode(a);
  merged.merge(Sketch.decode(b));
  return merged.encode();
}

export async function openForewarnStore(databaseUrl: string): Promise<Store> {
  const store = await openStore(databaseUrl, { mergeSketch: mergeSketches });
  await store.migrate();
  return store;
}

export function createContext(
  store: Store,
  logger: Logger,
  clock: Clock = systemClock,
  settings: Partial<Settings> = {},
): AppContext {
  return {
    store,
    clock,
    logger,
    events: new AppEvents(),
    engine: new Engine(),
    settings: { ...DEFAULT_SETTINGS, ...settings },
  };
}

export async function startForewarn(options: ForewarnOptions): Promise<RunningForewarn> {
  const store = await openForewarnStore(options.databaseUrl);
  const ctx = createContext(store, options.logger, options.clock, options.settings);
  try {
    const restored = await startInstance(ctx);
    const config = options.config ?? (restored.configured ? undefined : options.fallbackConfig?.());
    const running = ctx.engine.runtime?.definitions;
    if (
      config !== undefined &&
      running !== undefined &&
      serializeDefinitions(running) === serializeDefinitions(config.definitions)
    ) {
      await replacePushTokens(ctx, config.definitions, config.pushTokens);
      options.logger.info(
        restored,
        'definitions unchanged: restored from the store, not re-applied',
      );
    } else if (config !== undefined) {
      const applied = await applyDefinitions(ctx, config.definitions, config.pushTokens);
      options.logger.info({ ...applied }, 'definitions applied');
    } else {
      options.logger.info(restored, 'definitions restored from the store');
    }
    const outbound = createOutboundClient({ allow: options.outboundAllow ?? [] });
    const clock = ctx.clock;
    const dispatcher = new Dispatcher(
      ctx,
      createChannelSenders({ outbound, nowMs: () => clock.nowMs() }),
    );
    ctx.engine.notificationsQueued = () => dispatcher.reload();
    ctx.leverActions = createLeverActionRunner({ outbound, nowMs: () => clock.nowMs() });
    dispatcher.start();
    const app = await buildServer(ctx, {
      adminToken: options.adminToken,
      env: options.env,
      remoteWrite: receiveRemoteWrite,
      secureCookies: options.secureCookies ?? defaultSecureCookies(options.host),
    });
    const url = await app.listen({ host: options.host, port: options.port });
    const engine = runEngine(ctx);
    ctx.events.on('transition', (t) => options.logger.info({ transition: t }, 'transition'));
    const sources = startSources(ctx, outbound);
    return {
      ctx,
      dispatcher,
      app,
      url,
      async close() {
        await app.close();
        await sources.stop();
        await engine.stop();
        await dispatcher.stop();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** Probes and Prometheus pulls follow the applied definitions from now on. */
function startSources(
  ctx: AppContext,
  outbound: ReturnType<typeof createOutboundClient>,
): { stop(): Promise<void> } {
  const runners: SourceRunner[] = [
    createProbeRunner({ ctx, outbound }),
    createPrometheusPuller({ ctx, outbound }),
  ];
  const follow = (defs: Definitions) => {
    for (const runner of runners) runner.update(defs);
  };
  const current = ctx.engine.runtime?.definitions;
  if (current !== undefined) follow(current);
  ctx.events.on('definitions', follow);
  return {
    async stop() {
      ctx.events.off('definitions', follow);
      await Promise.all(runners.map((r) => r.stop()));
    },
  };
}
