import { describe, expect, it } from 'vitest';
import { classifyHttpStatus } from './classify-http-status.js';

const nowMs = Date.parse('2026-03-01T12:00:00Z');

describe('classifyHttpStatus', () => {
  it.each([200, 202, 204])('counts %d as delivered', (status) => {
    expect(classifyHttpStatus(status, undefined, nowMs, 'webhook')).toEqual({ ok: true, status });
  });

  it.each([408, 425, 429, 500, 502, 503, 504])('counts %d as worth retrying', (status) => {
    expect(classifyHttpStatus(status, undefined, nowMs, 'webhook')).toMatchObject({
      ok: false,
      retryable: true,
      status,
    });
  });

  it.each([301, 400, 401, 403, 404, 410, 413, 422])('counts %d as permanent', (status) => {
    expect(classifyHttpStatus(status, undefined, nowMs, 'webhook')).toMatchObject({
      ok: false,
      retryable: false,
      status,
    });
  });

  it('honours Retry-After seconds on 429 and an HTTP-date on 503', () => {
    expect(classifyHttpStatus(429, '7', nowMs, 'slack')).toMatchObject({ retryAfterMs: 7000 });
    expect(classifyHttpStatus(503, 'Sun, 01 Mar 2026 12:01:00 GMT', nowMs, 'slack')).toMatchObject({
      retryAfterMs: 60_000,
    });
  });

  it('ignores Retry-After on statuses where it does not ask for a retry', () => {
    expect(classifyHttpStatus(500, '7', nowMs, 'slack')).not.toHaveProperty('retryAfterMs');
  });

  it('names the receiver and the status in the reason', () => {
    expect(classifyHttpStatus(404, undefined, nowMs, 'Slack')).toMatchObject({
      reason: 'Slack answered HTTP 404: a permanent refusal',
    });
  });
});
