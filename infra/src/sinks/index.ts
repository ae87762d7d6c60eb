import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sinksApp } from './http';
import { startMailbox, type Mailbox } from './mailbox';
import { createSmsGateway, type SmsGateway } from './sms-gateway';

export type { MailFilter, MailMessage, Mailbox } from './mailbox';
export type { Outage, SmsFilter, SmsGateway, SmsMessage } from './sms-gateway';

export interface MessageSinksOptions {
  /** HTTP port of the SMS gateway and the read-back API; 0 picks a free one. */
  httpPort: number;
  /** SMTP port of the mailbox; 0 picks a free one. */
  smtpPort: number;
  /** The address both listen on; 127.0.0.1 by default (neither has real authentication). */
  host?: string;
  /** Where both keep their messages (`sms.jsonl`, `mail.jsonl`); in memory only when not given. */
  dir?: string;
  /** When set, the SMS gateway takes only sends with `Authorization: Bearer <smsToken>`. */
  smsToken?: string;
}

export interface MessageSinks {
  /** Base URL of the HTTP app, e.g. `http://127.0.0.1:8025`. */
  httpUrl: string;
  /** The bound SMTP port. */
  smtpPort: number;
  /** What the notifications service's gateway sender is given: `${httpUrl}/sms`. */
  smsGatewayUrl: string;
  mailbox: Mailbox;
  smsGateway: SmsGateway;
  /** Stops both servers. */
  close(): Promise<void>;
}

/**
 * Starts the stand-ins for an SMS provider and a mail server — the SMS gateway (HTTP) and the
 * mailbox (SMTP) — with one HTTP app to read back what they took.
 */
export async function startMessageSinks(options: MessageSinksOptions): Promise<MessageSinks> {
  const host = options.host ?? '127.0.0.1';
  const smsGateway = await createSmsGateway({ dir: options.dir, token: options.smsToken });
  const mailbox = await startMailbox({ port: options.smtpPort, host, dir: options.dir });
  let server: Server | undefined;
  try {
    const app = sinksApp({ mailbox, smsGateway, ready: () => Boolean(server?.listening) && mailbox.listening() });
    server = await listen(app, options.httpPort, host);
  } catch (error) {
    await mailbox.close();
    throw error;
  }
  const httpServer = server;
  const httpUrl = `http://${host.includes(':') ? `[${host}]` : host}:${(httpServer.address() as AddressInfo).port}`;
  let closed: Promise<void> | undefined;
  return {
    httpUrl,
    smtpPort: mailbox.port,
    smsGatewayUrl: `${httpUrl}/sms`,
    mailbox,
    smsGateway,
    close() {
      closed ??= Promise.all([closeHttp(httpServer), mailbox.close()]).then(() => smsGateway.flush());
      return closed;
    },
  };
}

function listen(app: ReturnType<typeof sinksApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

/** Stops taking connections, ends idle keep-alive ones, and waits for requests under way. */
function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}
