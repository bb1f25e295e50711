// Email over SMTP with nodemailer's connection class, so that we choose the address (the one the
// guarded client checked) and can hang up when the dispatcher's signal fires.

import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import type MailComposerClass from 'nodemailer/lib/mail-composer/index.js';
import type SMTPConnectionClass from 'nodemailer/lib/smtp-connection/index.js';
import type { ChannelSender, DeliveryResult } from '../../app/delivery.js';
import { classifyOutboundError } from '../classify-outbound-error.js';
import { SEND_TIMEOUT_MS } from '../post-json.js';
import { wrongEndpoint, type SenderDeps } from '../sender-deps.js';
import { classifySmtpError } from './classify-smtp-error.js';
import { renderEmail, type RenderedEmail } from './render-email.js';

export interface EmailSenderDeps extends SenderDeps {
  /** Extra PEM certificates trusted for SMTP TLS besides Node's bundle (an internal relay's CA). */
  smtpCa?: string | Buffer | Array<string | Buffer>;
}

interface SmtpTarget {
  host: string;
  address: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  ca?: Array<string | Buffer>;
}

class SmtpCancelled extends Error {
  override readonly name = 'SmtpCancelled';
}

export function createEmailSender(deps: EmailSenderDeps): ChannelSender {
  const ca = deps.smtpCa === undefined ? undefined : [...rootCertificates, ...[deps.smtpCa].flat()];
  return {
    kind: 'email',
    async send(request, signal): Promise<DeliveryResult> {
      const { endpoint } = request;
      if (endpoint.kind !== 'email') return wrongEndpoint('email', endpoint.kind);
      const { smtp } = endpoint;
      const rendering = renderEmail(request.message, {
        from: smtp.from,
        to: request.address ?? '',
        idempotencyKey: request.idempotencyKey,
      });
      if (!rendering.ok) {
        return {
          ok: false,
          retryable: false,
          reason: `email ${rendering.field} address is not ${rendering.expected}`,
        };
      }
      let address: string;
      try {
        ({ address } = await untilAborted(
          deps.outbound.resolveChecked(smtp.host, smtp.port),
          signal,
        ));
      } catch (error) {
        return classifyOutboundError(error, signal, 'SMTP server');
      }
      const auth =
        smtp.user === undefined
          ? undefined
          : { user: smtp.user, pass: smtp.password === undefined ? '' : smtp.password.reveal() };
      try {
        const raw = await composeMessage(rendering.email, deps.nowMs());
        await deliver(
          { host: smtp.host, address, port: smtp.port, secure: smtp.secure, auth, ca },
          rendering.email,
          raw,
          signal,
        );
        return { ok: true, detail: `accepted for ${rendering.email.to}` };
      } catch (error) {
        if (signal.aborted || error instanceof SmtpCancelled) {
          return {
            ok: false,
            retryable: true,
            reason: 'SMTP server: attempt cancelled before an answer came',
          };
        }
        return classifySmtpError(error);
      }
    },
  };
}

// DNS lookups cannot be cancelled; the attempt stops waiting for one instead.
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new SmtpCancelled('cancelled'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

interface Nodemailer {
  MailComposer: typeof MailComposerClass;
  SMTPConnection: typeof SMTPConnectionClass;
}
let nodemailer: Promise<Nodemailer> | undefined;

/** nodemailer's classes, loaded with the first e-mail rather than on every start. */
function loadNodemailer(): Promise<Nodemailer> {
  nodemailer ??= Promise.all([
    import('nodemailer/lib/mail-composer/index.js'),
    import('nodemailer/lib/smtp-connection/index.js'),
  ]).then(([composer, connection]) => ({
    MailComposer: composer.default,
    SMTPConnection: connection.default,
  }));
  return nodemailer;
}

async function composeMessage(email: RenderedEmail, nowMs: number): Promise<Buffer> {
  const { MailComposer } = await loadNodemailer();
  const composer = new MailComposer({
    from: email.from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: email.messageId,
    date: new Date(nowMs),
    // RFC 3834 §5: tells auto-responders not to answer a machine.
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  return new Promise((resolve, reject) => {
    composer.compile().build((error, message) => (error ? reject(error) : resolve(message)));
  });
}

async function deliver(
  target: SmtpTarget,
  email: RenderedEmail,
  raw: Buffer,
  signal: AbortSignal,
): Promise<void> {
  const { SMTPConnection } = await loadNodemailer();
  const connection = new SMTPConnection({
    host: target.address,
    port: target.port,
    secure: target.secure,
    // Credentials never cross an unencrypted connection: STARTTLS is required when we log in.
    requireTLS: !target.secure && target.auth !== undefined,
    tls: {
      // SNI and the certificate check use the configured name, not the address we connect to;
      // RFC 6066 §3 forbids an IP literal as server name.
      ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
      ...(target.ca === undefined ? {} : { ca: target.ca }),
    },
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
    logger: false,
  });
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error === undefined) {
        connection.quit();
        resolve();
      } else {
        connection.close();
        reject(error);
      }
    };
    const onAbort = (): void => finish(new SmtpCancelled('cancelled'));
    if (signal.aborted) return finish(new SmtpCancelled('cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    connection.once('error', finish);
    connection.once('end', () => finish({ code: 'ECONNECTION', command: 'CONN' }));

    const sendMessage = (): void =>
      connection.send({ from: email.from.address, to: [email.to] }, raw, (error) =>
        finish(error ?? undefined),
      );

    connection.connect((error) => {
      if (error) return finish(error);
      if (target.auth === undefined) return sendMessage();
      if (!(connection as SMTPConnectionClass & { allowsAuth: boolean }).allowsAuth) {
        // nodemailer would skip AUTH silently here; a relay that does not ask may also refuse us.
        return finish({ code: 'ENOAUTH', command: 'AUTH' });
      }
      connection.login(target.auth, (loginError) =>
        loginError ? finish(loginError) : sendMessage(),
      );
    });
  });
}
