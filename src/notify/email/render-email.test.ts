import { describe, expect, it } from 'vitest';
import { buildMessage } from '../test-support/build-message.js';
import { goldenJson } from '../test-support/golden-json.js';
import { INJECTION_CORPUS } from '../test-support/injection-corpus.js';
import { messageIdFor, parseFrom, renderEmail } from './render-email.js';

const envelope = {
  from: 'Forewarn <alerts@forewarn.example>',
  to: 'oncall@acme.example',
  idempotencyKey: 'ntf_01HZX3K9V2M4Q8R6T0Y7W5E1AB',
};

describe('renderEmail', () => {
  it('renders a client breach notice to the golden email', async () => {
    await expect(
      goldenJson(renderEmail(buildMessage({ audience: 'client' }), envelope)),
    ).toMatchFileSnapshot('./golden/breach-client.json');
  });

  it.each(INJECTION_CORPUS)('keeps the subject on one line for %j', (evil) => {
    const rendering = renderEmail(
      buildMessage({ client: { id: 'c', name: evil }, objective: { key: 'o', name: evil } }),
      envelope,
    );
    // eslint-disable-next-line no-control-regex
    expect(rendering.ok && rendering.email.subject).not.toMatch(/[\r\n\u0000-\u001F\u202E]/);
  });

  it.each([
    'a@acme.example\r\nBcc: victim@evil.example',
    'a@acme.example, b@acme.example',
    'Name <a@acme.example>',
    'not-an-address',
    '',
  ])('refuses %j as a recipient', (to) => {
    expect(renderEmail(buildMessage(), { ...envelope, to })).toMatchObject({
      ok: false,
      field: 'to',
    });
  });

  it('keeps a sender display name on one line and refuses a broken sender address', () => {
    expect(
      renderEmail(buildMessage(), {
        ...envelope,
        from: 'Ops\r\nBcc: x@evil.example <a@b.example>',
      }),
    ).toMatchObject({
      ok: true,
    });
    expect(parseFrom('Ops\r\nBcc: x@evil.example <a@b.example>')).toEqual({
      name: 'Ops Bcc: x@evil.example',
      address: 'a@b.example',
    });
    expect(
      renderEmail(buildMessage(), { ...envelope, from: 'a@b.example\r\nBcc: x@evil.example' }),
    ).toMatchObject({
      ok: false,
      field: 'from',
    });
  });
});

describe('messageIdFor', () => {
  it('is the same for the same key and differs for another', () => {
    expect(messageIdFor('k1', 'a@forewarn.example')).toBe(messageIdFor('k1', 'a@forewarn.example'));
    expect(messageIdFor('k1', 'a@forewarn.example')).not.toBe(
      messageIdFor('k2', 'a@forewarn.example'),
    );
    expect(messageIdFor('k1', 'a@Forewarn.Example')).toMatch(/^<[0-9a-f]{40}@forewarn\.example>$/);
  });
});
