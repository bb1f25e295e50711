import { describe, expect, it } from 'vitest';
import { buildMessage } from '../test-support/build-message.js';
import { goldenJson } from '../test-support/golden-json.js';
import { renderWebhook } from './render-webhook.js';

describe('renderWebhook', () => {
  it('renders a breach to the golden payload', async () => {
    await expect(goldenJson(renderWebhook(buildMessage()))).toMatchFileSnapshot(
      './golden/breach.json',
    );
  });

  it('names the event type forewarn.<event> and sends null when no next update is promised', () => {
    const payload = renderWebhook(buildMessage({ event: 'recovered', nextUpdateAtMs: undefined }));
    expect(payload.type).toBe('forewarn.recovered');
    expect(payload.data.nextUpdateAt).toBeNull();
  });

  it('carries only the listed fields, whatever else the message holds', () => {
    const message = { ...buildMessage(), internalNote: 'not for receivers' };
    expect(JSON.stringify(renderWebhook(message))).not.toContain('internalNote');
  });
});
