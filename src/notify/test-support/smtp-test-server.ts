// A real SMTP server in-process (the smtp-server package) for the email channel's tests. With
// credentials it offers STARTTLS with the localhost test certificate and refuses AUTH before it.

import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export const TEST_CERT_PEM = readFileSync(new URL('./localhost-cert.pem', import.meta.url), 'utf8');
const TEST_KEY_PEM = readFileSync(new URL('./localhost-key.pem', import.meta.url), 'utf8');

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
  secure: boolean;
}

export interface SmtpTestServer {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

export interface SmtpTestServerOptions {
  /** Require AUTH with these credentials (over STARTTLS). */
  credentials?: { user: string; pass: string };
  /** Answer RCPT TO with this reply code, e.g. 451 or 550. */
  rcptReplyCode?: number;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

export function startSmtpServer(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const mails: ReceivedMail[] = [];
  const { credentials } = options;
  const server = new SMTPServer({
    logger: false,
    key: TEST_KEY_PEM,
    cert: TEST_CERT_PEM,
    authOptional: credentials === undefined,
    disabledCommands: credentials === undefined ? ['AUTH', 'STARTTLS'] : [],
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(smtpError('Authentication credentials invalid', 535));
      }
    },
    onRcptTo(_address, _session, callback) {
      const code = options.rcptReplyCode;
      callback(code === undefined ? null : smtpError(`Mailbox unavailable (${code})`, code));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = session.envelope;
        mails.push({
          from: envelope.mailFrom === false ? '' : envelope.mailFrom.address,
          to: envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
          secure: session.secure,
        });
        callback();
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.server.address() as AddressInfo;
      resolve({
        port,
        mails,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
