import { describe, expect, it } from 'vitest';
import type { NotificationEvent } from '../../domain/notification.js';
import { buildMessage } from '../test-support/build-message.js';
import { goldenJson } from '../test-support/golden-json.js';
import { pagerDutyDedupKey, renderPagerDuty } from './render-pagerduty.js';

describe('renderPagerDuty', () => {
  it('renders a breach to the golden trigger event', async () => {
    await expect(goldenJson(renderPagerDuty(buildMessage()))).toMatchFileSnapshot(
      './golden/breach-trigger.json',
    );
  });

  it('renders a recovery to the golden resolve event: action and dedup key only', async () => {
    await expect(
      goldenJson(renderPagerDuty(buildMessage({ event: 'recovered' }))),
    ).toMatchFileSnapshot('./golden/recovered-resolve.json');
  });

  it.each<[NotificationEvent, string, string | undefined]>([
    ['breach', 'trigger', 'critical'],
    ['early-warning', 'trigger', 'warning'],
    ['test', 'trigger', 'info'],
    ['recovered', 'resolve', undefined],
    ['resolved', 'resolve', undefined],
    ['breach-avoided', 'resolve', undefined],
  ])('maps %s to %s with severity %s', (event, action, severity) => {
    const rendered = renderPagerDuty(buildMessage({ event }));
    expect(rendered.event_action).toBe(action);
    expect(rendered.event_action === 'trigger' ? rendered.payload.severity : undefined).toBe(
      severity,
    );
  });

  it('uses the incident key as dedup_key, so trigger and resolve meet on one incident', () => {
    const trigger = renderPagerDuty(buildMessage({ event: 'breach' }));
    const resolve = renderPagerDuty(buildMessage({ event: 'resolved' }));
    expect(trigger.dedup_key).toBe('acme/checkout-latency/2026-03-01T11:58:00Z');
    expect(resolve.dedup_key).toBe(trigger.dedup_key);
  });

  it('keeps the summary within 1024 characters', () => {
    const rendered = renderPagerDuty(
      buildMessage({ objective: { key: 'k', name: 'x'.repeat(3000) } }),
    );
    const summary = rendered.event_action === 'trigger' ? rendered.payload.summary : '';
    expect(Array.from(summary).length).toBeGreaterThan(900);
    expect(Array.from(summary).length).toBeLessThanOrEqual(1024);
  });

  it('replaces an incident key longer than 255 characters by a stable digest', () => {
    const long = 'k'.repeat(300);
    expect(pagerDutyDedupKey(long)).toBe(pagerDutyDedupKey(long));
    expect(pagerDutyDedupKey(long).length).toBeLessThanOrEqual(255);
    expect(pagerDutyDedupKey(long)).not.toBe(pagerDutyDedupKey(`${long}x`));
  });
});
