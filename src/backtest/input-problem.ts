// A piece of recorded input the backtest could not use, located by file and line.

export type InputProblemCode =
  'E_LINE_MALFORMED' | 'E_SAMPLE_INVALID' | 'E_SLI_UNKNOWN' | 'E_TS_UNSORTED' | 'E_TS_DUPLICATE';

export interface InputProblem {
  source: string;
  /** 1-based line of the file. */
  line: number;
  /** Inside a one-document JSON file (Prometheus), where in it, e.g. "result[2].values[14]". */
  position?: string;
  code: InputProblemCode;
  message: string;
}

/** Where an item came from. */
export interface InputPlace {
  source: string;
  line: number;
  position?: string;
}

export function formatInputProblem(p: InputProblem): string {
  const at = p.position === undefined ? '' : ` ${p.position}`;
  return `${p.source}:${p.line}${at}: ${p.code}: ${p.message}`;
}
