import { describe, expect, it } from 'vitest';
import { buildMessage } from '../test-support/build-message.js';
import { goldenJson } from '../test-support/golden-json.js';
import { INJECTION_CORPUS } from '../test-support/injection-corpus.js';
import { renderTeams, type TeamsPayload } from './render-teams.js';

function texts(payload: TeamsPayload): string[] {
  return payload.attachments[0].content.body.flatMap((element) =>
    element.type === 'TextBlock' ? [element.text] : element.facts.map((fact) => fact.value),
  );
}

describe('renderTeams', () => {
  it('renders a breach to the golden Adaptive Card message', async () => {
    await expect(goldenJson(renderTeams(buildMessage()))).toMatchFileSnapshot(
      './golden/breach.json',
    );
  });

  it.each(INJECTION_CORPUS)('keeps %j from acting as Markdown or HTML', (evil) => {
    const payload = renderTeams(
      buildMessage({
        client: { id: 'c', name: evil },
        service: { id: 's', name: evil },
        objective: { key: 'o', name: evil },
        sla: { id: 'l', name: evil },
        seeing: evil,
        reasonText: evil,
        incidentKey: evil,
      }),
    );
    for (const text of texts(payload)) {
      expect(text).not.toMatch(/[<>]/);
      // A link needs an unescaped "](": every bracket and parenthesis must carry a backslash.
      expect(text).not.toMatch(/(^|[^\\])\]\(/);
      expect(text).not.toMatch(/[\r\u202E]/);
    }
  });
});
