// One problem in a config file: where it is, what was found and what was expected.

export interface ConfigError {
  file: string;
  /** e.g. slas[0].objectives[1].threshold.value */
  path: string;
  line?: number;
  value: unknown;
  expected: string;
  message: string;
}

export type PathSegment = string | number;

export function formatPath(segments: readonly PathSegment[]): string {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

const MAX_PREVIEW = 60;

/** Short, single-line rendering of an offending value for messages. */
export function previewValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text =
      typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > MAX_PREVIEW ? `${text.slice(0, MAX_PREVIEW - 1)}…` : text;
}

export function describeProblem(value: unknown, expected: string): string {
  return value === undefined
    ? `missing, expected ${expected}`
    : `got ${previewValue(value)}, expected ${expected}`;
}

/** One line per error, e.g. `forewarn.yaml:12 slas[0].budget.objective: got 100.5, expected …`. */
export function formatConfigErrors(errors: readonly ConfigError[]): string {
  return errors
    .map((e) => {
      const where = e.line === undefined ? e.file : `${e.file}:${e.line}`;
      return e.path === '' ? `${where}: ${e.message}` : `${where} ${e.path}: ${e.message}`;
    })
    .join('\n');
}
