import { describe, expect, it } from 'vitest';
import { OutboundError } from '../net/outbound-error.js';
import { classifyOutboundError } from './classify-outbound-error.js';

const live = new AbortController().signal;

describe('classifyOutboundError', () => {
  it('keeps the client classification and code', () => {
    const error = new OutboundError('E_OUTBOUND_TIMEOUT', 'timed out', true);
    expect(classifyOutboundError(error, live, 'Slack')).toEqual({
      ok: false,
      retryable: true,
      reason: 'Slack: timed out; a retry may help (E_OUTBOUND_TIMEOUT)',
    });
  });

  it('never retries a blocked destination', () => {
    const error = new OutboundError('E_OUTBOUND_BLOCKED', 'blocked: loopback', true);
    expect(classifyOutboundError(error, live, 'Slack')).toMatchObject({ retryable: false });
  });

  it('calls a cancelled attempt retryable, whatever error the cancellation caused', () => {
    expect(classifyOutboundError(new Error('aborted'), AbortSignal.abort(), 'Teams')).toEqual({
      ok: false,
      retryable: true,
      reason: 'Teams: attempt cancelled before an answer came',
    });
  });

  it('names only the type of an unexpected error, not its message', () => {
    const error = new TypeError('fetch failed for https://hooks.example/T0/B0/secret');
    const result = classifyOutboundError(error, live, 'webhook receiver');
    expect(result).toEqual({
      ok: false,
      retryable: true,
      reason: 'webhook receiver: unexpected TypeError while sending',
    });
  });
});
