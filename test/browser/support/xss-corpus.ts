// Hostile text for every field a user, a client, an SLI label or an Alertmanager alert can set.
// Each entry tries a different way out of its context (element, attribute, title, URL, template);
// a page that prints them as text shows them unchanged and runs none of them. Shared by the
// dashboard's, the status page's and the report's browser tests.

export const XSS_CORPUS = [
  '<script>alert(1)</script>',
  '<script>document.title="pwned"</script>',
  '"><img src=x onerror=alert(1)>',
  '"><img src=x onerror="document.title=\'pwned\'">',
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
  '</title><svg onload=alert(1)>',
  '</title><script>alert(1)</script>',
  '</textarea><script>alert(1)</script>',
  '<style>body{display:none}</style>',
  '{{7*7}}',
  '${7*7}',
  '\u202Egnp.exe',
] as const;

/** All of the corpus in one string, for a field that is shown whole. */
export const XSS = XSS_CORPUS.join(' ');

/** Prefix `label` with the corpus: a field's own text stays findable next to the hostile part. */
export const hostile = (label: string): string => `${label} ${XSS}`;
