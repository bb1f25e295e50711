// Probe results become samples through the same ingest path as pushed ones: what finished during one
// second goes in one ingest call (one durable commit), never one call per check.

import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { AppError } from '../../app/errors.js';
import { ingestSamples } from '../../app/ingest-samples.js';
import type { ProbeCheck } from '../../domain/probe-status.js';
import type { ProbeDef } from '../../domain/sources.js';

export const PROBE_CLIENT_ID = 'source:probe';
const LOG_EVERY_MS = 60_000;

type ProbeSample =
  | { sli: string; ts: number; good: number; total: number }
  | { sli: string; ts: number; value: number };

export class ProbeSampleBatch {
  private items: ProbeSample[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly flushing = new Set<Promise<void>>();
  private readonly instance = randomBytes(6).toString('hex');
  private sequence = 0;
  private readonly lastLogged = new Map<string, number>();

  constructor(
    private readonly ctx: AppContext,
    intervalMs = 1000,
  ) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  /** availabilitySli: good 1 or 0 of 1 per check; latencySli: the time of every answered check. */
  add(def: ProbeDef, check: ProbeCheck): void {
    if (def.availabilitySli !== undefined) {
      this.items.push({
        sli: def.availabilitySli,
        ts: check.atMs,
        good: check.up ? 1 : 0,
        total: 1,
      });
    }
    if (def.latencySli !== undefined && check.latencyMs !== undefined) {
      this.items.push({
        sli: def.latencySli,
        ts: check.atMs,
        value: Math.round(check.latencyMs * 1000) / 1000,
      });
    }
  }

  get pending(): number {
    return this.items.length;
  }

  /** Ingests what was added since the last flush; resolves when it is durable (or was refused). */
  flush(): Promise<void> {
    if (this.items.length === 0) return Promise.resolve();
    const items = this.items;
    this.items = [];
    const max = this.ctx.settings.maxBatchItems;
    const work: Array<Promise<void>> = [];
    for (let from = 0; from < items.length; from += max) {
      work.push(this.ingest(items.slice(from, from + max)));
    }
    const done = Promise.all(work).then(() => {});
    this.flushing.add(done);
    void done.finally(() => this.flushing.delete(done));
    return done;
  }

  /** Stops the timer, ingests what is left and waits for every ingest in flight. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await Promise.all([...this.flushing]);
  }

  private async ingest(items: ProbeSample[]): Promise<void> {
    const nowMs = this.ctx.clock.nowMs();
    this.sequence = (this.sequence + 1) % 0x1_0000_0000;
    // Time-ordered like ingest's own keys: they append to the end of the keys' index.
    const time = Math.max(0, Math.floor(nowMs)).toString(16).padStart(12, '0');
    const key = `probe:${time}:${this.sequence.toString(16).padStart(8, '0')}:${this.instance}`;
    try {
      const result = await ingestSamples(this.ctx, {
        clientId: PROBE_CLIENT_ID,
        anySli: true,
        items,
        idempotencyKey: key,
      });
      const first = result.refused[0];
      if (first !== undefined) {
        this.warn(`probe samples refused: ${first.message}`, {
          refused: result.refused.length,
          accepted: result.accepted,
        });
      }
    } catch (e) {
      if (e instanceof AppError) {
        const first = e.problems[0];
        const why =
          first === undefined
            ? ''
            : ` (${first.field}: ${String(first.value)}, expected ${first.expected})`;
        this.warn(`probe samples not ingested: ${e.message}${why}`, { code: e.code });
      } else {
        // The store failed: these samples are lost, the next second's are tried again.
        this.warn(`probe samples not ingested: ${String(e)}`, { lost: items.length }, 'error');
      }
    }
  }

  /** The same problem repeats every second; say it once a minute. */
  private warn(message: string, fields: object, level: 'warn' | 'error' = 'warn'): void {
    const now = this.ctx.clock.nowMs();
    const last = this.lastLogged.get(message);
    if (last !== undefined && now - last < LOG_EVERY_MS) return;
    this.lastLogged.set(message, now);
    this.ctx.logger[level](fields, message);
  }
}
