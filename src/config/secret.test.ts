import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from './secret.js';

const TOKEN = 'acme-demo-push-token-0001';

describe('Secret', () => {
  const secret = new Secret(TOKEN);

  it('gives the value back only through reveal()', () => {
    expect(secret.reveal()).toBe(TOKEN);
  });

  it('prints as <secret> through String(), template literals and concatenation', () => {
    expect(String(secret)).toBe('<secret>');
    expect(`${secret}`).toBe('<secret>');
    expect('token: ' + secret).toBe('token: <secret>');
  });

  it('serialises as <secret> through JSON.stringify, also when nested', () => {
    expect(JSON.stringify(secret)).toBe('"<secret>"');
    expect(JSON.stringify({ pushTokens: [{ clientId: 'acme', token: secret }] })).not.toContain(
      TOKEN,
    );
  });

  it('prints as <secret> through util.inspect and console.log, also when nested', () => {
    expect(inspect(secret)).toBe('<secret>');
    expect(inspect({ deep: { deeper: [secret] } }, { depth: 10, showHidden: true })).not.toContain(
      TOKEN,
    );
    let written = '';
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    new Console({ stdout }).log(secret, { token: secret }, `${secret}`);
    expect(written).toBe('<secret> { token: <secret> } <secret>\n');
  });

  it('has no enumerable property that holds the value', () => {
    expect(Object.keys(secret)).toEqual([]);
    expect(Object.values(secret)).not.toContain(TOKEN);
    expect({ ...secret }).toEqual({});
  });

  it('compares by value without revealing it', () => {
    expect(secret.equals(new Secret(TOKEN))).toBe(true);
    expect(secret.equals(new Secret('another-token-value-1'))).toBe(false);
  });
});
