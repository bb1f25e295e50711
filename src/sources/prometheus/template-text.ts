// Prometheus renders alert annotations as Go templates: a name containing "{{" would be run as
// template code (or fail `promtool check rules`). Each delimiter is emitted as a quoted string.

/** Text that a Go template prints literally, on one line. */
export function templateLiteral(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/\{\{|\}\}/g, (delimiter) => `{{ ${JSON.stringify(delimiter)} }}`);
}
