import net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { DeliveryError, type ChannelSender, type OutgoingMessage } from '../src/channels/channel';
import { deliveryMessageId, smtpEmailSender } from '../src/channels/email/smtp';

/** A local SMTP server on port 0 that parses what it receives. */
async function localSmtp(overrides: Partial<SMTPServerOptions> = {}) {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback(null, 'Ok: queued as 4Bf3xK1Lz');
        })
        .catch(callback);
    },
    ...overrides,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as net.AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A header's value as it was on the wire (first occurrence). */
function rawHeader(mail: ParsedMail, key: string): string | undefined {
  const line = mail.headerLines.find((header) => header.key === key)?.line;
  return line?.slice(line.indexOf(':') + 1).trim();
}

/** An SMTP error reply as smtp-server sends it. */
const smtpError = (responseCode: number, text: string) => Object.assign(new Error(text), { responseCode });

const message: OutgoingMessage = {
  deliveryId: 'evt-42|cadre:u-7|email',
  channel: 'email',
  to: 'wang.ming@example.org',
  subject: '督办提醒：工单 LX-2024-0001 即将超时',
  text: '王明同志：\n您承办的工单 LX-2024-0001（小区路灯不亮）将于今天 18:00 超时，请尽快处理。\n—— 连心桥',
  eventType: 'order.supervised',
  orderId: 'LX-2024-0001',
  urgent: true,
};

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => new Error('expected the send to fail'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof DeliveryError)) throw error;
  return error;
}

describe('SMTP email sender', () => {
  const senders: ChannelSender[] = [];
  const servers: Array<{ close(): Promise<void> }> = [];
  const sender = (port: number) => {
    const created = smtpEmailSender({ host: '127.0.0.1', port, from: '连心桥 <noreply@lianxin.local>', timeoutMs: 2_000 });
    senders.push(created);
    return created;
  };
  const server = async (overrides: Partial<SMTPServerOptions> = {}) => {
    const started = await localSmtp(overrides);
    servers.push(started);
    return started;
  };
  afterEach(async () => {
    await Promise.all(senders.splice(0).map((s) => s.close?.()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('sends UTF-8 text with the delivery Message-ID, X-Lianxin-* headers and high importance when urgent', async () => {
    const smtp = await server();
    const outcome = await sender(smtp.port).send(message);
    expect(outcome).toEqual({ status: 'sent', providerMessageId: '4Bf3xK1Lz' });

    const [mail] = smtp.received;
    expect(mail!.subject).toBe(message.subject);
    expect(mail!.text?.trim()).toBe(message.text);
    expect(mail!.headers.get('content-type')).toMatchObject({ value: 'text/plain', params: { charset: 'utf-8' } });
    expect(mail!.from?.value[0]).toEqual({ name: '连心桥', address: 'noreply@lianxin.local' });
    expect(mail!.messageId).toBe('<evt-42|cadre=3Au-7|email@lianxin>');
    expect(mail!.headers.get('x-lianxin-delivery')).toBe(message.deliveryId);
    expect(mail!.headers.get('x-lianxin-order')).toBe('LX-2024-0001');
    expect(mail!.headers.get('x-lianxin-event')).toBe('order.supervised');
    expect(mail!.headers.get('content-language')).toBe('zh-CN');
    // mailparser folds the priority headers into `priority`; the raw lines show what was sent.
    expect(mail!.headers.get('priority')).toBe('high');
    expect(rawHeader(mail!, 'importance')).toBe('high');
    expect(rawHeader(mail!, 'x-priority')).toBe('1');
  });

  it('leaves the priority headers off an ordinary message, over the same pooled transport', async () => {
    const smtp = await server();
    const mailer = sender(smtp.port);
    await mailer.send({ ...message, urgent: false });
    await mailer.send({ ...message, deliveryId: 'evt-43', urgent: false });
    expect(smtp.received.map((mail) => mail.messageId)).toEqual(['<evt-42|cadre=3Au-7|email@lianxin>', '<evt-43@lianxin>']);
    for (const mail of smtp.received) {
      expect(rawHeader(mail, 'importance')).toBeUndefined();
      expect(rawHeader(mail, 'x-priority')).toBeUndefined();
    }
  });

  it('refuses for good on a 5xx answer and retries on a 4xx one', async () => {
    const rejecting = await server({ onRcptTo: (_address, _session, callback) => callback(smtpError(550, '5.1.1 Mailbox unavailable')) });
    const refused = await failure(sender(rejecting.port).send(message));
    expect(refused.retryable).toBe(false);
    expect(refused.message).toContain('550');

    const rejectingData = await server({ onData: (stream, _session, callback) => stream.on('end', () => callback(smtpError(554, '5.7.1 Message rejected'))).resume() });
    expect((await failure(sender(rejectingData.port).send(message))).retryable).toBe(false);

    const greylisting = await server({ onRcptTo: (_address, _session, callback) => callback(smtpError(451, '4.7.1 Try again later')) });
    const deferred = await failure(sender(greylisting.port).send(message));
    expect(deferred.retryable).toBe(true);
    expect(deferred.message).toContain('451');
  });

  it('retries when the server is down', async () => {
    const unreachable = await failure(sender(await closedPort()).send(message));
    expect(unreachable.retryable).toBe(true);
  });

  it('builds Message-IDs from atom characters only, keeping distinct ids distinct', () => {
    expect(deliveryMessageId('a.b')).toBe('<a=2Eb@lianxin>');
    expect(deliveryMessageId('工单 1')).toBe('<=E5=B7=A5=E5=8D=95=201@lianxin>');
    expect(deliveryMessageId('a=3A')).not.toBe(deliveryMessageId('a:'));
    expect(deliveryMessageId('<x>@y')).toMatch(/^<[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+@lianxin>$/);
  });
});
