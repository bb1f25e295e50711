import { describe, expect, it } from 'vitest';
import { injectionCorpus } from '../domain/templates/test-support/injection-corpus.js';
import { html, jsonBlock } from './html.js';

describe('html', () => {
  it('escapes every interpolated value and keeps authored markup', () => {
    const name = '<b onmouseover="x">&\'`';
    expect(html`<p title="${name}">${name}</p>`.text).toBe(
      '<p title="&lt;b onmouseover=&quot;x&quot;&gt;&amp;&#39;&#96;">&lt;b onmouseover=&quot;x&quot;&gt;&amp;&#39;&#96;</p>',
    );
  });

  it('nests markup built by html without escaping it twice, and drops null, undefined and false', () => {
    const inner = html`<i>${'a<b'}</i>`;
    expect(html`<p>${[inner, null, undefined, false, 3]}</p>`.text).toBe('<p><i>a&lt;b</i>3</p>');
  });

  it('never lets a corpus entry open a tag or an attribute', () => {
    for (const attack of injectionCorpus) {
      expect(html`${attack}`.text, attack).not.toMatch(/[<>"'`]/);
    }
  });

  it('writes JSON data blocks that cannot close their script element', () => {
    const block = jsonBlock('data', { name: '</script><script>alert(1)</script>' }).text;
    expect(block.match(/<\/script>/g)).toHaveLength(1);
    expect(JSON.parse(block.slice(block.indexOf('>') + 1, -'</script>'.length))).toEqual({
      name: '</script><script>alert(1)</script>',
    });
  });
});
