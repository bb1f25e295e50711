// Per-channel escaping of variable text. Template literal text is authored markup and is never
// escaped; every value a template prints goes through exactly one of these.

export type Escaper = (text: string) => string;

export type TemplateStyle = 'html' | 'slack' | 'teams' | 'plain';

// C0 controls except \t and \n, DEL, C1 controls, and the bidi overrides/isolates that let text
// display in a different order than it reads (CVE-2021-42574, "Trojan Source").
const CONTROLS_EXCEPT_TAB_LF =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export function escapePlain(text: string): string {
  return text.replace(CONTROLS_EXCEPT_TAB_LF, '');
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(text: string): string {
  return escapePlain(text).replace(/[&<>"'`]/g, (c) => HTML_ENTITIES[c] ?? '');
}

// Slack asks for exactly & < > to be escaped (api.slack.com/reference/surfaces/formatting#escaping);
// that already disarms <!channel>, <@U123> and <url|label>. Bare @channel/@here/@everyone can still
// notify when a message is sent with link_names, so a zero-width space breaks them up.
export function escapeSlackMrkdwn(text: string): string {
  return escapePlain(text)
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c] ?? '')
    .replace(/@(channel|here|everyone)\b/gi, '@\u200B$1');
}

// Teams connector cards render Markdown and limited HTML in the same text: both are disarmed.
// Characters that start emphasis, code, links or headings anywhere are backslash-escaped
// (CommonMark §2.4); list markers only where a line starts, so dates keep their hyphens.
export function escapeTeamsMarkdown(text: string): string {
  // Only & < > become entities: an entity after a backslash (\&#96;) would show as text.
  return escapePlain(text)
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c] ?? '')
    .replace(/[\\`*_~[\]()#|!]/g, (c) => `\\${c}`)
    .replace(
      /^([ \t]*)([-+]|\d+[.)])/gm,
      (_m, indent: string, marker: string) =>
        `${indent}${marker.replace(/[-+.)]$/, (c) => `\\${c}`)}`,
    );
}

// A header value must stay on its one line (RFC 5322 §2.2): line breaks and tabs become a space so
// words stay apart, and every other control character is dropped.
export function escapeMailHeader(text: string): string {
  return escapePlain(text.replace(/[\r\n\t\u0085\u2028\u2029]+/g, ' '));
}

export function escaperFor(style: TemplateStyle): Escaper {
  switch (style) {
    case 'html':
      return escapeHtml;
    case 'slack':
      return escapeSlackMrkdwn;
    case 'teams':
      return escapeTeamsMarkdown;
    case 'plain':
      return escapePlain;
  }
}
