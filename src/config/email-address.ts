// E-mail address syntax: the WHATWG HTML "valid e-mail address" rule (HTML Living Standard,
// 4.10.5.1.5), which is what people mean by an address, unlike RFC 5322's full grammar.

const VALID_EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

export const EMAIL_EXPECTED = 'an e-mail address such as ops@example.com';
export const FROM_EXPECTED = 'a sender such as "Forewarn <forewarn@example.com>" or an address';

export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && VALID_EMAIL.test(text);
}

/** `Display Name <address>` or a bare address. */
export function isMailbox(text: string): boolean {
  const named = /^[^<>]*<([^<>]+)>$/.exec(text.trim());
  return isEmailAddress(named ? (named[1] ?? '') : text.trim());
}
