import { describe, expect, it } from 'vitest';
import { signStandardWebhook } from './standard-webhook-signature.js';
import { verifyStandardWebhook } from './verify-standard-webhook.js';

// The test vector published with the Standard Webhooks reference libraries.
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestampSeconds: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const nowMs = SPEC.timestampSeconds * 1000;

function headersFor(signature: string, timestampSeconds = SPEC.timestampSeconds) {
  return {
    'webhook-id': SPEC.id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signature,
  };
}

describe('signStandardWebhook', () => {
  it('reproduces the specification test vector', () => {
    expect(signStandardWebhook(SPEC.secret, SPEC.id, SPEC.timestampSeconds, SPEC.body)).toBe(
      SPEC.signature,
    );
  });

  it('uses a secret without the whsec_ prefix as raw key bytes', () => {
    const raw = signStandardWebhook('plain-secret', SPEC.id, SPEC.timestampSeconds, SPEC.body);
    const sameBytes = signStandardWebhook(
      `whsec_${Buffer.from('plain-secret').toString('base64')}`,
      SPEC.id,
      SPEC.timestampSeconds,
      SPEC.body,
    );
    expect(raw).toBe(sameBytes);
  });
});

describe('verifyStandardWebhook', () => {
  it('accepts the specification test vector on its raw bytes', () => {
    expect(
      verifyStandardWebhook(SPEC.secret, headersFor(SPEC.signature), Buffer.from(SPEC.body), nowMs),
    ).toEqual({ ok: true, id: SPEC.id, timestampSeconds: SPEC.timestampSeconds });
  });

  it('accepts a header listing several signatures when one matches', () => {
    const headers = headersFor(`v1,bm90LXRoaXMtb25l v2,other ${SPEC.signature}`);
    expect(verifyStandardWebhook(SPEC.secret, headers, SPEC.body, nowMs).ok).toBe(true);
  });

  it('accepts Fetch Headers as well as a Node header record', () => {
    const headers = new Headers(headersFor(SPEC.signature));
    expect(verifyStandardWebhook(SPEC.secret, headers, SPEC.body, nowMs).ok).toBe(true);
  });

  it('refuses a body changed by one byte (re-serialised JSON included)', () => {
    for (const body of ['{"test": 2432232315}', '{"test":2432232314}']) {
      expect(
        verifyStandardWebhook(SPEC.secret, headersFor(SPEC.signature), body, nowMs),
      ).toMatchObject({
        ok: false,
        reason: 'no-valid-signature',
      });
    }
  });

  it('refuses another secret', () => {
    expect(
      verifyStandardWebhook(
        'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        headersFor(SPEC.signature),
        SPEC.body,
        nowMs,
      ),
    ).toMatchObject({ ok: false, reason: 'no-valid-signature' });
  });

  it('refuses a timestamp more than 5 minutes old or ahead, and accepts one just inside', () => {
    const at = (offsetMs: number) =>
      verifyStandardWebhook(SPEC.secret, headersFor(SPEC.signature), SPEC.body, nowMs + offsetMs);
    expect(at(300_000).ok).toBe(true);
    expect(at(-300_000).ok).toBe(true);
    expect(at(301_000)).toMatchObject({ ok: false, reason: 'outside-replay-window' });
    expect(at(-301_000)).toMatchObject({ ok: false, reason: 'outside-replay-window' });
  });

  it('refuses a replayed signature under a new timestamp', () => {
    const moved = headersFor(SPEC.signature, SPEC.timestampSeconds + 60);
    expect(verifyStandardWebhook(SPEC.secret, moved, SPEC.body, nowMs)).toMatchObject({
      ok: false,
      reason: 'no-valid-signature',
    });
  });

  it('refuses missing headers and a timestamp that is not whole seconds', () => {
    expect(verifyStandardWebhook(SPEC.secret, {}, SPEC.body, nowMs)).toMatchObject({
      ok: false,
      reason: 'missing-header',
    });
    expect(
      verifyStandardWebhook(
        SPEC.secret,
        { ...headersFor(SPEC.signature), 'webhook-timestamp': '1614265330.5' },
        SPEC.body,
        nowMs,
      ),
    ).toMatchObject({ ok: false, reason: 'invalid-timestamp' });
  });

  it('refuses a truncated signature without throwing', () => {
    expect(
      verifyStandardWebhook(SPEC.secret, headersFor('v1,g0hM9SsE'), SPEC.body, nowMs),
    ).toMatchObject({
      ok: false,
      reason: 'no-valid-signature',
    });
  });
});
