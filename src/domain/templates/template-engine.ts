// A logic-less template engine: variables with a fixed set of filters, sections and one loop.
// Templates cannot run code, include other templates or reach prototypes, and rendering is bounded
// in size and steps so a template or its data can never hold up a notification.

import { formatDuration } from '../describe-reason.js';
import type { Escaper } from './escapers.js';

export type TemplateValue =
  string | number | boolean | null | undefined | TemplateVars | readonly TemplateValue[];

export interface TemplateVars {
  readonly [name: string]: TemplateValue;
}

export interface TemplateLimits {
  /** Longest template source accepted by parseTemplate. */
  maxTemplateChars: number;
  /** Longest output; longer output ends in "…" within this length. */
  maxOutputChars: number;
  /** Deepest nesting of sections and loops accepted by parseTemplate. */
  maxDepth: number;
  /** Items rendered per {{#each}}; more items end in "…". */
  maxIterations: number;
  /** Nodes rendered in total, so nested loops over empty bodies stay bounded too. */
  maxSteps: number;
}

export const defaultTemplateLimits: Readonly<TemplateLimits> = {
  maxTemplateChars: 16 * 1024,
  maxOutputChars: 64 * 1024,
  maxDepth: 8,
  maxIterations: 1000,
  maxSteps: 100_000,
};

export type FilterName = 'upper' | 'lower' | 'duration' | 'time' | 'percent' | 'number' | 'default';

export type Filter = { name: Exclude<FilterName, 'default'> } | { name: 'default'; text: string };

/** A variable path; an empty path is `.`, the current item. */
export type TemplatePath = readonly string[];

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; path: TemplatePath; filters: readonly Filter[] }
  | { kind: 'section'; inverted: boolean; path: TemplatePath; children: readonly TemplateNode[] }
  | { kind: 'each'; path: TemplatePath; children: readonly TemplateNode[] };

export interface Template {
  readonly nodes: readonly TemplateNode[];
}

export interface TemplateError {
  message: string;
  /** Zero-based offset into the source; line and column are one-based. */
  offset: number;
  line: number;
  column: number;
}

export type ParseResult = { ok: true; template: Template } | { ok: false; error: TemplateError };

const FILTERS: readonly FilterName[] = [
  'upper',
  'lower',
  'duration',
  'time',
  'percent',
  'number',
  'default',
];
const FILTER_LIST = 'upper, lower, duration, time, percent, number, default("text")';
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
const SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

class ParseFailure extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
  }
}

function position(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

interface OpenBlock {
  name: string;
  kind: 'section' | 'each';
  inverted: boolean;
  path: TemplatePath;
  offset: number;
  children: TemplateNode[];
}

export function parseTemplate(source: string, limits: Partial<TemplateLimits> = {}): ParseResult {
  const { maxTemplateChars, maxDepth } = { ...defaultTemplateLimits, ...limits };
  const at = (offset: number): string => {
    const { line, column } = position(source, offset);
    return `line ${line}, column ${column}`;
  };
  try {
    if (source.length > maxTemplateChars) {
      throw new ParseFailure(
        `template is ${source.length} characters long; the limit is ${maxTemplateChars}`,
        maxTemplateChars,
      );
    }
    const root: TemplateNode[] = [];
    const open: OpenBlock[] = [];
    const current = (): TemplateNode[] => open[open.length - 1]?.children ?? root;
    let i = 0;
    while (i < source.length) {
      const start = source.indexOf('{{', i);
      if (start === -1) {
        current().push({ kind: 'text', text: source.slice(i) });
        break;
      }
      if (start > i) current().push({ kind: 'text', text: source.slice(i, start) });
      const end = findTagEnd(source, start + 2);
      if (end === -1) throw new ParseFailure(`unclosed tag '{{' at ${at(start)}`, start);
      const bodyStart = start + 2;
      const raw = source.slice(bodyStart, end);
      const lead = raw.length - raw.trimStart().length;
      const tag = raw.trim();
      const tagOffset = bodyStart + lead;
      const sigil = tag[0] ?? '';
      if (tag === '') throw new ParseFailure(`empty tag '{{}}' at ${at(start)}`, start);
      if (sigil === '#' || sigil === '^') {
        const rest = tag.slice(1).trim();
        const restOffset = tagOffset + 1 + (tag.slice(1).length - tag.slice(1).trimStart().length);
        const isEach = sigil === '#' && /^each\s/.test(rest);
        const pathText = isEach ? rest.slice(4).trim() : rest;
        const pathOffset = isEach
          ? restOffset + 4 + (rest.slice(4).length - rest.slice(4).trimStart().length)
          : restOffset;
        if (open.length >= maxDepth) {
          throw new ParseFailure(
            `'{{${tag}}}' at ${at(start)} nests sections deeper than the limit of ${maxDepth}`,
            start,
          );
        }
        const path = parsePath(pathText, pathOffset, at, true);
        open.push({
          name: isEach ? 'each' : pathText,
          kind: isEach ? 'each' : 'section',
          inverted: sigil === '^',
          path,
          offset: start,
          children: [],
        });
      } else if (sigil === '/') {
        const name = tag.slice(1).trim();
        const block = open.pop();
        if (block === undefined) {
          throw new ParseFailure(
            `'{{/${name}}}' at ${at(start)} closes a section that was never opened`,
            start,
          );
        }
        if (block.name !== name) {
          throw new ParseFailure(
            `'{{/${name}}}' at ${at(start)} does not close '${block.name}' opened at ${at(block.offset)}`,
            start,
          );
        }
        const node: TemplateNode =
          block.kind === 'each'
            ? { kind: 'each', path: block.path, children: block.children }
            : {
                kind: 'section',
                inverted: block.inverted,
                path: block.path,
                children: block.children,
              };
        current().push(node);
      } else if (sigil === '{' || sigil === '&') {
        throw new ParseFailure(
          `unescaped output '{{${sigil}' at ${at(start)} is not supported; every variable is escaped`,
          start,
        );
      } else if (sigil === '>') {
        throw new ParseFailure(`partials '{{>' at ${at(start)} are not supported`, start);
      } else if (sigil === '!' || sigil === '=') {
        throw new ParseFailure(`'{{${sigil}' at ${at(start)} is not supported`, start);
      } else {
        current().push(parseVariable(tag, tagOffset, at));
      }
      i = end + 2;
    }
    const unclosed = open[open.length - 1];
    if (unclosed !== undefined) {
      throw new ParseFailure(
        `unclosed section '${unclosed.name}' opened at ${at(unclosed.offset)}`,
        unclosed.offset,
      );
    }
    return { ok: true, template: { nodes: root } };
  } catch (e) {
    if (!(e instanceof ParseFailure)) throw e;
    const { line, column } = position(source, e.offset);
    return { ok: false, error: { message: e.reason, offset: e.offset, line, column } };
  }
}

/** The index of the closing '}}', skipping over double-quoted strings (default("a}}b")). */
function findTagEnd(source: string, from: number): number {
  let inString = false;
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '}' && source[i + 1] === '}') {
      return i;
    } else if (c === '{' && source[i + 1] === '{') {
      return -1;
    }
  }
  return -1;
}

function parsePath(
  text: string,
  offset: number,
  at: (offset: number) => string,
  requireName: boolean,
): TemplatePath {
  if (text === '.') {
    if (requireName) throw new ParseFailure(`expected a variable name at ${at(offset)}`, offset);
    return [];
  }
  if (text === '') throw new ParseFailure(`expected a variable name at ${at(offset)}`, offset);
  const segments = text.split('.');
  let segmentOffset = offset;
  for (const segment of segments) {
    if (FORBIDDEN_SEGMENTS.has(segment)) {
      throw new ParseFailure(
        `'${segment}' at ${at(segmentOffset)} is not allowed in a variable path`,
        segmentOffset,
      );
    }
    if (!SEGMENT.test(segment)) {
      throw new ParseFailure(
        `'${text}' at ${at(offset)} is not a variable path; expected names like client.name`,
        offset,
      );
    }
    segmentOffset += segment.length + 1;
  }
  return segments;
}

function parseVariable(tag: string, offset: number, at: (offset: number) => string): TemplateNode {
  const parts = splitFilters(tag);
  const first = parts[0];
  if (first === undefined) throw new ParseFailure(`empty tag at ${at(offset)}`, offset);
  const path = parsePath(first.text, offset + first.offset, at, false);
  const filters: Filter[] = [];
  for (const part of parts.slice(1)) {
    filters.push(parseFilter(part.text, offset + part.offset, at));
  }
  return { kind: 'variable', path, filters };
}

/** Splits `a | b | default("x|y")` on pipes outside strings, keeping each part's offset. */
function splitFilters(tag: string): { text: string; offset: number }[] {
  const parts: { text: string; offset: number }[] = [];
  let inString = false;
  let partStart = 0;
  const push = (end: number): void => {
    const raw = tag.slice(partStart, end);
    parts.push({ text: raw.trim(), offset: partStart + (raw.length - raw.trimStart().length) });
  };
  for (let i = 0; i < tag.length; i++) {
    const c = tag[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '|') {
      push(i);
      partStart = i + 1;
    }
  }
  push(tag.length);
  return parts;
}

function parseFilter(text: string, offset: number, at: (offset: number) => string): Filter {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*(\(.*\))?$/s.exec(text);
  const name = match?.[1];
  if (match === null || name === undefined) {
    throw new ParseFailure(
      `'${text}' at ${at(offset)} is not a filter; expected one of ${FILTER_LIST}`,
      offset,
    );
  }
  if (!(FILTERS as readonly string[]).includes(name)) {
    throw new ParseFailure(
      `unknown filter '${name}' at ${at(offset)}; expected one of ${FILTER_LIST}`,
      offset,
    );
  }
  const args = match[2];
  if (name === 'default') {
    const argMatch = args === undefined ? null : /^\(\s*"((?:[^"\\]|\\.)*)"\s*\)$/s.exec(args);
    const quoted = argMatch?.[1];
    if (quoted === undefined) {
      throw new ParseFailure(
        `filter 'default' at ${at(offset)} takes one double-quoted text, as in default("n/a")`,
        offset,
      );
    }
    return { name: 'default', text: quoted.replace(/\\(.)/gs, '$1') };
  }
  if (args !== undefined) {
    throw new ParseFailure(`filter '${name}' at ${at(offset)} takes no arguments`, offset);
  }
  return { name: name as Exclude<FilterName, 'default'> };
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** Reads an own data property only: no prototype, no getters, nothing of the value runs. */
function ownValue(container: TemplateValue, key: string): { found: boolean; value: TemplateValue } {
  if (
    container === null ||
    typeof container !== 'object' ||
    Array.isArray(container) ||
    FORBIDDEN_SEGMENTS.has(key) ||
    !Object.hasOwn(container, key)
  ) {
    return { found: false, value: undefined };
  }
  const descriptor = Object.getOwnPropertyDescriptor(container, key);
  if (descriptor === undefined || !('value' in descriptor))
    return { found: false, value: undefined };
  return { found: true, value: descriptor.value as TemplateValue };
}

function lookup(scopes: readonly TemplateValue[], path: TemplatePath): TemplateValue {
  if (path.length === 0) return scopes[scopes.length - 1];
  const [head, ...tail] = path as [string, ...string[]];
  for (let s = scopes.length - 1; s >= 0; s--) {
    const first = ownValue(scopes[s], head);
    if (!first.found) continue;
    let value = first.value;
    for (const segment of tail) value = ownValue(value, segment).value;
    return value;
  }
  return undefined;
}

function isTruthy(value: TemplateValue): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (typeof value === 'number') return !Number.isNaN(value);
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

const significant = (x: number, digits: number): string => String(Number(x.toPrecision(digits)));

function applyFilter(value: TemplateValue, filter: Filter): TemplateValue {
  switch (filter.name) {
    case 'upper':
      return typeof value === 'string' ? value.toUpperCase() : value;
    case 'lower':
      return typeof value === 'string' ? value.toLowerCase() : value;
    case 'duration':
      return typeof value === 'number' && !Number.isNaN(value) ? formatDuration(value) : undefined;
    case 'time': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) return undefined;
      const iso = date.toISOString();
      if (!/^\d{4}-/.test(iso)) return undefined;
      return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
    }
    case 'percent':
      // Three decimals keep "99.995 %" apart from "100 %", which matters for SLA objectives.
      return typeof value === 'number' && Number.isFinite(value)
        ? `${String(Number((value * 100).toFixed(3)))} %`
        : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? significant(value, 4)
        : undefined;
    case 'default':
      return value === undefined || value === null || value === '' ? filter.text : value;
  }
}

function toText(value: TemplateValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return '';
}

const ELLIPSIS = '…';

class BoundedOutput {
  private readonly parts: string[] = [];
  private length = 0;
  truncated = false;

  constructor(private readonly maxChars: number) {}

  get full(): boolean {
    return this.truncated || this.length > this.maxChars;
  }

  write(text: string): void {
    if (this.full || text === '') return;
    // Keep one character past the limit so toString can tell "exactly full" from "overflowed".
    const room = this.maxChars + 1 - this.length;
    const kept = text.length > room ? text.slice(0, room) : text;
    this.parts.push(kept);
    this.length += kept.length;
  }

  stop(): void {
    this.truncated = true;
  }

  toString(): string {
    const text = this.parts.join('');
    if (text.length <= this.maxChars && !this.truncated) return text;
    const keep = Math.max(0, Math.min(text.length, this.maxChars - ELLIPSIS.length));
    let head = text.slice(0, keep);
    if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
    return head + ELLIPSIS;
  }
}

export function renderTemplate(
  template: Template,
  vars: TemplateVars,
  escape: Escaper,
  limits: Partial<TemplateLimits> = {},
): string {
  const { maxOutputChars, maxIterations, maxSteps } = { ...defaultTemplateLimits, ...limits };
  const out = new BoundedOutput(maxOutputChars);
  let steps = 0;

  const render = (nodes: readonly TemplateNode[], scopes: readonly TemplateValue[]): void => {
    for (const node of nodes) {
      if (out.full) return;
      if (++steps > maxSteps) {
        out.stop();
        return;
      }
      switch (node.kind) {
        case 'text':
          out.write(node.text);
          break;
        case 'variable': {
          let value = lookup(scopes, node.path);
          for (const filter of node.filters) value = applyFilter(value, filter);
          out.write(escape(toText(value)));
          break;
        }
        case 'section': {
          const value = lookup(scopes, node.path);
          if (isTruthy(value) === node.inverted) break;
          const pushes = !node.inverted && typeof value === 'object' && !Array.isArray(value);
          render(node.children, pushes ? [...scopes, value] : scopes);
          break;
        }
        case 'each': {
          const value = lookup(scopes, node.path);
          if (!Array.isArray(value)) break;
          const items = value as readonly TemplateValue[];
          const count = Math.min(items.length, maxIterations);
          for (let i = 0; i < count && !out.full; i++) {
            if (++steps > maxSteps) {
              out.stop();
              return;
            }
            render(node.children, [...scopes, items[i]]);
          }
          if (items.length > count) out.write(ELLIPSIS);
          break;
        }
      }
    }
  };

  render(template.nodes, [vars]);
  return out.toString();
}
