import { describe, expect, it } from 'vitest';
import { buildMessage } from '../test-support/build-message.js';
import { goldenJson } from '../test-support/golden-json.js';
import { INJECTION_CORPUS } from '../test-support/injection-corpus.js';
import { renderSlack, type SlackPayload } from './render-slack.js';

function mrkdwnTexts(payload: SlackPayload): string[] {
  return [
    payload.text,
    ...payload.blocks.flatMap((block) => (block.type === 'section' ? [block.text.text] : [])),
  ];
}

describe('renderSlack', () => {
  it('renders a breach to the golden payload', async () => {
    await expect(goldenJson(renderSlack(buildMessage()))).toMatchFileSnapshot(
      './golden/breach.json',
    );
  });

  it('renders a client notice to the golden payload', async () => {
    await expect(
      goldenJson(renderSlack(buildMessage({ audience: 'client', event: 'early-warning' }))),
    ).toMatchFileSnapshot('./golden/client-early-warning.json');
  });

  it.each(INJECTION_CORPUS)('keeps %j from acting as markup in any mrkdwn field', (evil) => {
    const payload = renderSlack(
      buildMessage({
        client: { id: 'c', name: evil },
        service: { id: 's', name: evil },
        objective: { key: 'o', name: evil },
        seeing: evil,
        reasonText: evil,
        incidentKey: evil,
      }),
    );
    for (const text of mrkdwnTexts(payload)) {
      // Slack reads <…> as links and mentions; only &lt; &gt; &amp; are literal (Slack docs).
      expect(text).not.toMatch(/[<>]/);
      expect(text).not.toMatch(/@(channel|here|everyone)\b/i);
      expect(text).not.toMatch(/[\r\u202E]/);
    }
    const header = payload.blocks[0];
    expect(header?.type === 'header' && header.text.text).not.toMatch(/[\r\n\u202E]/);
  });

  it('keeps every field within the Block Kit limits', () => {
    const payload = renderSlack(
      buildMessage({ seeing: '&'.repeat(5000), client: { id: 'c', name: 'x'.repeat(400) } }),
    );
    const [header, section] = payload.blocks;
    expect(header?.type === 'header' && Array.from(header.text.text).length).toBeLessThanOrEqual(
      150,
    );
    expect(section?.type === 'section' && Array.from(section.text.text).length).toBeLessThanOrEqual(
      3000,
    );
    expect(Array.from(payload.text).length).toBeLessThanOrEqual(4000);
    expect(section?.type === 'section' && section.text.text).toMatch(/(&amp;)+…$/);
  });
});
