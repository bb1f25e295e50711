import { describe, expect, it } from 'vitest';
import { classifySmtpError } from './classify-smtp-error.js';

describe('classifySmtpError', () => {
  it.each([
    [
      { code: 'EENVELOPE', responseCode: 452, command: 'RCPT TO' },
      true,
      'SMTP server answered 452 to RCPT TO: a temporary failure',
    ],
    [
      { code: 'EMESSAGE', responseCode: 554, command: 'DATA' },
      false,
      'SMTP server answered 554 to DATA: a permanent refusal',
    ],
    [
      { code: 'EAUTH', responseCode: 454, command: 'AUTH PLAIN' },
      true,
      'SMTP server answered 454 to AUTH: a temporary failure',
    ],
    [{ code: 'ECONNECTION', command: 'CONN' }, true, 'SMTP error ECONNECTION during connect'],
    [{ code: 'ETIMEDOUT', command: 'CONN' }, true, 'SMTP error ETIMEDOUT during connect'],
    [{ code: 'ETLS', command: 'STARTTLS' }, true, 'SMTP error ETLS during STARTTLS'],
    [{ code: 'EENVELOPE', command: 'API' }, false, 'SMTP error EENVELOPE during sending'],
    [new Error('boom'), false, 'SMTP error EUNKNOWN during sending'],
  ])('classifies %j', (error, retryable, reason) => {
    expect(classifySmtpError(error)).toMatchObject({ ok: false, retryable, reason });
  });

  it('never repeats the command line, which for AUTH PLAIN holds the password in base64', () => {
    const secretLine = `AUTH PLAIN ${Buffer.from('\0user\0hunter2').toString('base64')}`;
    const result = classifySmtpError({
      code: 'EAUTH',
      responseCode: 535,
      command: secretLine,
      message: secretLine,
    });
    expect(JSON.stringify(result)).not.toContain(Buffer.from('\0user\0hunter2').toString('base64'));
  });
});
