import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser, type HeaderValue, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { z } from 'zod';
import { decodeEncodedWords } from './encoded-words';
import { JsonLinesStore } from './store';

/** The largest message the mailbox takes (SMTP SIZE); larger ones are refused with 552. */
export const maxMailBytes = 10 * 1024 * 1024;

/** One received mail, as stored and as the read-back API shows it. */
export const MailMessage = z.object({
  id: z.string(),
  receivedAt: z.string(),
  from: z.string(),
  /** The envelope's recipients (RCPT TO): everyone it was delivered to, Bcc included. */
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string().optional(),
  messageId: z.string(),
  /** Every header, by lower-case name, decoded (x-lianxin-delivery, x-lianxin-order, importance, …). */
  headers: z.record(z.string(), z.string()),
});
export type MailMessage = z.infer<typeof MailMessage>;

/** Which messages to list; every field given must match. */
export interface MailFilter {
  /** A recipient address (case-insensitive). */
  to?: string;
  /** The `X-Lianxin-Order` header. */
  orderId?: string;
  /** Received at or after this instant (ISO 8601). */
  since?: string;
}

export interface Mailbox {
  /** The bound SMTP port. */
  readonly port: number;
  /** Matching messages, oldest first. */
  list(filter?: MailFilter): MailMessage[];
  get(id: string): MailMessage | undefined;
  clear(): Promise<void>;
  /** Whether the SMTP server is listening. */
  listening(): boolean;
  /** Stops taking mail; open sessions get a few seconds to finish. */
  close(): Promise<void>;
}

export interface MailboxOptions {
  port: number;
  host: string;
  /** Where `mail.jsonl` is kept; in memory only when not given. */
  dir?: string;
}

/**
 * The development mail server: a plain SMTP server (no TLS, no required login — it only listens on
 * a local address) that takes every message, parses it and keeps it for reading back.
 */
export async function startMailbox(options: MailboxOptions): Promise<Mailbox> {
  const store = await JsonLinesStore.open(options.dir && path.join(options.dir, 'mail.jsonl'), MailMessage, (m) => m.id);
  const server = new SMTPServer({
    name: 'lianxin-mailbox',
    banner: '连心桥本地邮箱 (lianxin development mailbox)',
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    size: maxMailBytes,
    rejectOversized: true,
    logger: false,
    closeTimeout: 5_000,
    onData(stream, session, callback) {
      receive(stream, session, store).then(
        () => callback(),
        (error: unknown) => callback(Object.assign(new Error(`无法保存邮件: ${(error as Error).message}`), { responseCode: 451 })),
      );
    },
  });
  server.on('error', (error: Error) => console.error(`[sinks] 邮箱出错: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  let open = true;
  return {
    port,
    list: (filter = {}) => store.values().filter(matches(filter)),
    get: (id) => store.get(id),
    clear: () => store.clear(),
    listening: () => open && server.server.listening,
    async close() {
      if (!open) return;
      open = false;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.flush();
    },
  };
}

/** Parses one message off the DATA stream and stores it (unless it was too large). */
async function receive(stream: SMTPServerDataStream, session: SMTPServerSession, store: JsonLinesStore<MailMessage>): Promise<void> {
  const parsed = await simpleParser(stream);
  // rejectOversized answers 552 itself; an oversized message is not kept.
  if (stream.sizeExceeded) return;
  const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
  const message: MailMessage = {
    id: randomUUID(),
    receivedAt: new Date().toISOString(),
    from: parsed.from?.text || envelopeFrom,
    to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    ...(parsed.html ? { html: parsed.html } : {}),
    messageId: parsed.messageId ?? '',
    headers: headerRecord(parsed),
  };
  await store.put(message);
}

/** Every header by lower-case name: decoded where mailparser decodes it, the raw (unfolded) value otherwise. */
function headerRecord(parsed: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    headers[key] = headerText(parsed.headers.get(key)) ?? rawHeaderValue(line);
  }
  return headers;
}

function headerText(value: HeaderValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return decodeEncodedWords(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const parts = value.map((v) => headerText(v));
    return parts.every((p) => p !== undefined) ? parts.join(', ') : undefined;
  }
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('value' in value && typeof value.value === 'string' && 'params' in value) {
    const params = Object.entries(value.params as Record<string, string>).map(([k, v]) => `; ${k}=${v}`);
    return `${value.value}${params.join('')}`;
  }
  return undefined;
}

/** `Key: value` with folding undone → `value`. */
function rawHeaderValue(line: string): string {
  return decodeEncodedWords(line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
}

function matches(filter: MailFilter): (message: MailMessage) => boolean {
  const to = filter.to?.toLowerCase();
  const since = filter.since ? Date.parse(filter.since) : undefined;
  return (message) =>
    (to === undefined || message.to.some((address) => address.toLowerCase() === to)) &&
    (filter.orderId === undefined || message.headers['x-lianxin-order'] === filter.orderId) &&
    (since === undefined || Date.parse(message.receivedAt) >= since);
}
