import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import { randomToken } from '../http/crypto.js';
import { enqueueJob, type JobHandler } from '../jobs/jobs.js';
import { findOutboxMessage, insertOutboxMessage, updateOutboxDelivery } from './mail.queries.js';

// Every email is first written to the outbox table, inside the caller's transaction. With SMTP_URL set, a job
// `email.send` delivers it and records sent_at (retried with backoff; a message already sent is skipped). Without
// SMTP_URL the message stays in the outbox, where admins read it at /admin/outbox.

export interface Email {
  readonly userId: number | null;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A second email with the same key is not written (a retried job sends nothing twice). */
  readonly dedupeKey?: string;
}

/** A fresh Message-ID under the host of BASE_URL. */
export function newMessageId(config: Config): string {
  return `<${randomToken(18)}@${new URL(config.baseUrl).hostname}>`;
}

/** Writes an email to the outbox and, when mail is configured, enqueues its delivery. Returns the outbox id, if new. */
export async function queueEmail(db: DbLike, config: Config, log: Logger | undefined, email: Email): Promise<number | undefined> {
  const id = await insertOutboxMessage(db, {
    user_id: email.userId,
    to_address: email.to,
    subject: email.subject,
    text_body: email.text,
    html_body: email.html,
    headers: JSON.stringify(email.headers ?? {}),
    message_id: newMessageId(config),
    dedupe_key: email.dedupeKey ?? null,
    created_at: now(),
  });
  if (id === undefined) return undefined;
  if (config.smtpUrl) await enqueueJob(db, 'email.send', { outbox_id: id }, { dedupeKey: `email.send:${id}` });
  else log?.info({ outbox_id: id, subject: email.subject }, 'mail kept in the outbox (SMTP_URL is not set)');
  return id;
}

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    // Pooled: connections are reused across messages (a fan-out sends many in a row).
    transport = nodemailer.createTransport(`${smtpUrl}${smtpUrl.includes('?') ? '&' : '?'}pool=true`);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** The `email.send` job: delivers one outbox message by SMTP, once. */
export function sendEmailHandler(config: Config): JobHandler {
  return async (payload, { db, log }) => {
    const message = await findOutboxMessage(db, Number(payload.outbox_id));
    if (!message || message.sent_at) return;
    if (!config.smtpUrl) return;
    try {
      await transportFor(config.smtpUrl).sendMail({
        from: config.mailFrom,
        to: message.to_address,
        subject: message.subject,
        text: message.text_body,
        html: message.html_body,
        headers: JSON.parse(message.headers) as Record<string, string>,
        messageId: message.message_id,
        date: new Date(message.created_at),
      });
    } catch (error) {
      await updateOutboxDelivery(db, message.id, { error: (error instanceof Error ? error.message : String(error)).slice(0, 1000) });
      throw error;
    }
    await updateOutboxDelivery(db, message.id, { sent_at: now(), error: null });
    log.info({ outbox_id: message.id }, 'mail sent');
  };
}
