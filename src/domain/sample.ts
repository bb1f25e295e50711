// A sample as the domain sees it once transport has parsed and validated it.

export interface RatioSample {
  kind: 'ratio';
  sliId: string;
  tsMs: number;
  good: number;
  total: number;
}

export interface ValueSample {
  kind: 'value';
  sliId: string;
  tsMs: number;
  value: number;
  /** How many observations of this value (default 1). */
  count: number;
}

export type Sample = RatioSample | ValueSample;
