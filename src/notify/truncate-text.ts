// Receivers cap field lengths; cutting must not leave half an HTML entity (`&am`) or half a
// surrogate pair behind.

export function truncateEscaped(text: string, maxChars: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  const kept = chars.slice(0, maxChars - 1).join('');
  return `${kept.replace(/&[#A-Za-z0-9]*$/, '')}…`;
}
