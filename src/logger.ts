// JSON-lines logger to stderr. Errors print message and code, never a Secret's value
// (Secret serialises as "<secret>").

import type { Logger } from './app/context.js';

type Level = 'info' | 'warn' | 'error';

export function createLogger(options: { quiet?: boolean } = {}): Logger {
  const write = (level: Level, obj: object, msg?: string) => {
    if (options.quiet === true && level === 'info') return;
    const line = { level, time: new Date().toISOString(), msg, ...serialise(obj) };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  };
  return {
    info: (obj, msg) => write('info', obj, msg),
    warn: (obj, msg) => write('warn', obj, msg),
    error: (obj, msg) => write('error', obj, msg),
  };
}

function serialise(obj: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    out[k] =
      v instanceof Error
        ? { name: v.name, message: v.message, code: (v as { code?: unknown }).code, stack: v.stack }
        : v;
  }
  return out;
}
