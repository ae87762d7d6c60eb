import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryError, type OutgoingMessage } from '../src/channels/channel';
import { channelSenders, loadChannelConfig, smsSender } from '../src/channels/config';
import { aliyunSmsSender } from '../src/channels/sms/aliyun';
import { gatewaySmsSender } from '../src/channels/sms/gateway';
import { tencentSmsSender } from '../src/channels/sms/tencent';

/** One request as the local provider saw it. */
interface Captured {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Answer = (request: Captured, response: http.ServerResponse) => void;

/** A local HTTP server on port 0 that records requests and answers with whatever the test sets. */
async function localProvider() {
  const requests: Captured[] = [];
  let answer: Answer = (_request, response) => response.writeHead(500).end();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const captured = {
        method: req.method ?? '',
        url: new URL(req.url ?? '/', 'http://local'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(captured);
      answer(captured, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(next: Answer) {
      answer = next;
    },
    json(status: number, body: unknown) {
      answer = (_request, response) => response.writeHead(status, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(body));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const message: OutgoingMessage = {
  deliveryId: 'dlv-0001',
  channel: 'sms',
  to: '13912345678',
  subject: '工单已受理',
  text: '【连心桥】您的工单 LX-2024-0001 已受理，处理人：王明。',
  template: { code: 'SMS_123456', params: { order: 'LX-2024-0001', handler: '王明' } },
  eventType: 'order.accepted',
  orderId: 'LX-2024-0001',
  urgent: true,
};

/** The DeliveryError a send rejects with (failing the test when it resolves or throws something else). */
async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => new Error('expected the send to fail'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof DeliveryError)) throw error;
  return error;
}

describe('gateway SMS sender', () => {
  let gateway: Awaited<ReturnType<typeof localProvider>>;
  beforeEach(async () => {
    gateway = await localProvider();
  });
  afterEach(() => gateway.close());

  it('posts the message with the idempotency key and token, and reads delivered/accepted', async () => {
    gateway.json(200, { messageId: 'gw-1', status: 'delivered' });
    const sender = gatewaySmsSender({ url: `${gateway.url}/sms/`, token: 'gateway-token', signName: '连心桥' });
    await expect(sender.send(message)).resolves.toEqual({ status: 'delivered', providerMessageId: 'gw-1' });

    const [request] = gateway.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url.pathname).toBe('/sms/v1/messages');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['idempotency-key']).toBe('dlv-0001');
    expect(request!.headers.authorization).toBe('Bearer gateway-token');
    expect(JSON.parse(request!.body)).toEqual({
      id: 'dlv-0001',
      to: '13912345678',
      signName: '连心桥',
      templateCode: 'SMS_123456',
      params: { order: 'LX-2024-0001', handler: '王明' },
      text: message.text,
      eventType: 'order.accepted',
      orderId: 'LX-2024-0001',
      urgent: true,
    });

    gateway.json(202, { messageId: 'gw-2', status: 'accepted' });
    const untokened = gatewaySmsSender({ url: `${gateway.url}/sms` });
    await expect(untokened.send({ ...message, to: '+86 139-1234-5678' })).resolves.toEqual({ status: 'sent', providerMessageId: 'gw-2' });
    expect(gateway.requests[1]!.headers.authorization).toBeUndefined();
    expect(JSON.parse(gateway.requests[1]!.body)).toMatchObject({ to: '13912345678' });
  });

  it('refuses for good on 4xx, retries on 408/429/5xx, network failures and time-outs', async () => {
    const sender = gatewaySmsSender({ url: gateway.url, timeoutMs: 300 });
    gateway.json(400, { error: '号码 13912345678 不在白名单' });
    const refused = await failure(sender.send(message));
    expect(refused.retryable).toBe(false);
    expect(refused.message).toContain('139****5678');
    expect(refused.message).not.toContain('13912345678');

    for (const status of [408, 429, 500, 503]) {
      gateway.json(status, { error: 'busy' });
      expect((await failure(sender.send(message))).retryable).toBe(true);
    }

    gateway.json(200, { unexpected: true });
    expect((await failure(sender.send(message))).retryable).toBe(true);

    gateway.answer(() => undefined); // never answers
    const slow = await failure(sender.send(message));
    expect(slow.retryable).toBe(true);
    expect(slow.message).toMatch(/无答复/);

    const down = gatewaySmsSender({ url: `http://127.0.0.1:${await closedPort()}/sms` });
    const unreachable = await failure(down.send(message));
    expect(unreachable.retryable).toBe(true);
    expect(unreachable.message).toMatch(/ECONNREFUSED/);
  });

  it('refuses a number that is not a mainland mobile without calling the gateway, masking it', async () => {
    const sender = gatewaySmsSender({ url: gateway.url });
    const refused = await failure(sender.send({ ...message, to: '12345678901' }));
    expect(refused.retryable).toBe(false);
    expect(refused.message).toContain('123****8901');
    expect(gateway.requests).toHaveLength(0);
  });
});

describe('Aliyun SMS sender', () => {
  let aliyun: Awaited<ReturnType<typeof localProvider>>;
  beforeEach(async () => {
    aliyun = await localProvider();
  });
  afterEach(() => aliyun.close());

  const sender = () =>
    aliyunSmsSender({
      accessKeyId: 'test-access-key-id',
      accessKeySecret: 'test-access-key-secret',
      signName: '连心桥',
      endpoint: `127.0.0.1:${aliyun.port}`,
      protocol: 'http',
    });

  it('sends SendSms with the template, its parameters and the delivery id as OutId, and answers the BizId', async () => {
    aliyun.json(200, { RequestId: 'F655A8D5-B967-440B-8683-DAD6FF8DE990', Message: 'OK', BizId: '900619746936498440^0', Code: 'OK' });
    await expect(sender().send(message)).resolves.toEqual({ status: 'sent', providerMessageId: '900619746936498440^0' });

    const [request] = aliyun.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url.pathname).toBe('/');
    // RPC style: the parameters may travel in the query or a form body; both are read.
    const params = new URLSearchParams(request!.url.search);
    for (const [key, value] of new URLSearchParams(request!.body)) params.set(key, value);
    expect(params.get('PhoneNumbers')).toBe('13912345678');
    expect(params.get('SignName')).toBe('连心桥');
    expect(params.get('TemplateCode')).toBe('SMS_123456');
    expect(JSON.parse(params.get('TemplateParam')!)).toEqual({ order: 'LX-2024-0001', handler: '王明' });
    expect(params.get('OutId')).toBe('dlv-0001');
    expect(request!.headers['x-acs-action']).toBe('SendSms');
    expect(request!.headers['x-acs-version']).toBe('2017-05-25');
    expect(request!.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=test-access-key-id,SignedHeaders=[^,]+,Signature=[0-9a-f]{64}$/);
  });

  it('classifies answer codes: bad number/template/signature/parameters refuse, flow control and throttling retry', async () => {
    const cases: Array<[number, string, boolean]> = [
      [200, 'isv.MOBILE_NUMBER_ILLEGAL', false],
      [200, 'isv.SMS_TEMPLATE_ILLEGAL', false],
      [200, 'isv.SMS_SIGNATURE_ILLEGAL', false],
      [200, 'isv.INVALID_PARAMETERS', false],
      [200, 'isv.BUSINESS_LIMIT_CONTROL', true],
      [200, 'isp.SYSTEM_ERROR', true],
      [400, 'Throttling.User', true],
      [503, 'ServiceUnavailable', true],
    ];
    for (const [status, code, retryable] of cases) {
      aliyun.json(status, { RequestId: 'req-1', Code: code, Message: `号码 13912345678: ${code}` });
      const error = await failure(sender().send(message));
      expect({ code, retryable: error.retryable }).toEqual({ code, retryable });
      expect(error.message).toContain(code);
      expect(error.message).not.toContain('13912345678');
      expect(error.message).not.toContain('test-access-key-secret');
    }
  });

  it('refuses a message without a template, and retries when the API is unreachable', async () => {
    const { template: _template, ...untemplated } = message;
    expect((await failure(sender().send(untemplated))).retryable).toBe(false);
    const down = aliyunSmsSender({ accessKeyId: 'id', accessKeySecret: 'secret', signName: '连心桥', endpoint: `http://127.0.0.1:${await closedPort()}` });
    expect((await failure(down.send(message))).retryable).toBe(true);
    expect(aliyun.requests).toHaveLength(0);
  });
});

describe('Tencent Cloud SMS sender', () => {
  let tencent: Awaited<ReturnType<typeof localProvider>>;
  beforeEach(async () => {
    tencent = await localProvider();
  });
  afterEach(() => tencent.close());

  const secretKey = 'test-secret-key';
  const sender = () =>
    tencentSmsSender({
      secretId: 'AKIDtest',
      secretKey,
      sdkAppId: '1400006666',
      signName: '连心桥',
      endpoint: `http://127.0.0.1:${tencent.port}`,
    });

  const sendStatus = (code: string, message = 'send success') => ({
    Response: {
      SendStatusSet: [
        { SerialNo: '5000:1045710669157053657849499619', PhoneNumber: '+8613912345678', Fee: 1, SessionContext: 'dlv-0001', Code: code, Message: message, IsoCode: 'CN' },
      ],
      RequestId: 'a0aabda6-cf91-4f3e-a81f-9198114a2279',
    },
  });

  it('sends SendSms with the parameters in order and the delivery id as SessionContext, signed TC3-HMAC-SHA256', async () => {
    tencent.json(200, sendStatus('Ok'));
    await expect(sender().send(message)).resolves.toEqual({ status: 'sent', providerMessageId: '5000:1045710669157053657849499619' });

    const [request] = tencent.requests;
    expect(JSON.parse(request!.body)).toEqual({
      PhoneNumberSet: ['+8613912345678'],
      SmsSdkAppId: '1400006666',
      SignName: '连心桥',
      TemplateId: 'SMS_123456',
      TemplateParamSet: ['LX-2024-0001', '王明'],
      SessionContext: 'dlv-0001',
    });
    expect(request!.headers['x-tc-action']).toBe('SendSms');
    expect(request!.headers['x-tc-version']).toBe('2021-01-11');
    expect(request!.headers['x-tc-region']).toBe('ap-guangzhou');

    // The Authorization header, recomputed by the documented TC3-HMAC-SHA256 steps.
    const authorization = String(request!.headers.authorization);
    const parts = /^TC3-HMAC-SHA256 Credential=AKIDtest\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(authorization);
    expect(parts).not.toBeNull();
    const [, date, service, signedHeaders, signature] = parts!;
    const timestamp = Number(request!.headers['x-tc-timestamp']);
    expect(new Date(timestamp * 1000).toISOString().slice(0, 10)).toBe(date);
    // The SDK signs the host name without its port (the real endpoint has none), so the port is left out here too.
    const headerValue = (name: string) => (name === 'host' ? String(request!.headers.host).replace(/:\d+$/, '') : String(request!.headers[name]));
    const canonicalHeaders = signedHeaders!
      .split(';')
      .map((name) => `${name}:${headerValue(name).trim().toLowerCase()}\n`)
      .join('');
    const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
    const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256(request!.body)].join('\n');
    const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), `${date}/${service}/tc3_request`, sha256(canonicalRequest)].join('\n');
    const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();
    const signingKey = hmac(hmac(hmac(`TC3${secretKey}`, date!), service!), 'tc3_request');
    expect(createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex')).toBe(signature);
  });

  it('classifies per-number codes and API errors', async () => {
    const statusCases: Array<[string, boolean]> = [
      ['InvalidParameterValue.IncorrectPhoneNumber', false],
      ['FailedOperation.TemplateIncorrectOrUnapproved', false],
      ['UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber', false],
      ['LimitExceeded.PhoneNumberDailyLimit', true],
      ['InternalError.Timeout', true],
    ];
    for (const [code, retryable] of statusCases) {
      tencent.json(200, sendStatus(code, 'phone +8613912345678 refused'));
      const error = await failure(sender().send(message));
      expect({ code, retryable: error.retryable }).toEqual({ code, retryable });
      expect(error.message).not.toContain('13912345678');
    }

    const apiCases: Array<[string, boolean]> = [
      ['FailedOperation.SignatureIncorrectOrUnapproved', false],
      ['InvalidParameterValue.TemplateParameterFormatError', false],
      ['LimitExceeded.DeliveryFrequencyLimit', true],
      ['InternalError.OtherError', true],
    ];
    for (const [code, retryable] of apiCases) {
      tencent.json(200, { Response: { Error: { Code: code, Message: 'refused' }, RequestId: 'r-1' } });
      const error = await failure(sender().send(message));
      expect({ code, retryable: error.retryable }).toEqual({ code, retryable });
      expect(error.message).not.toContain(secretKey);
    }

    tencent.json(502, { message: 'bad gateway' });
    expect((await failure(sender().send(message))).retryable).toBe(true);

    const down = tencentSmsSender({ secretId: 'AKIDtest', secretKey, sdkAppId: '1400006666', signName: '连心桥', endpoint: `http://127.0.0.1:${await closedPort()}` });
    expect((await failure(down.send(message))).retryable).toBe(true);
  });
});

describe('channel configuration', () => {
  it('defaults to the embedded gateway and the local SMTP server', () => {
    expect(loadChannelConfig({})).toEqual({
      sms: { provider: 'gateway', url: 'http://127.0.0.1:8025/sms' },
      smtp: { host: '127.0.0.1', port: 1025, secure: false, from: '连心桥 <noreply@lianxin.local>' },
    });
    const senders = channelSenders(loadChannelConfig({}));
    expect(Object.fromEntries(Object.entries(senders).map(([channel, sender]) => [channel, sender.provider]))).toEqual({
      sms: 'gateway',
      email: 'smtp',
      webhook: 'webhook',
    });
    return Promise.all(Object.values(senders).map((sender) => sender.close?.()));
  });

  it('reads a chosen provider, and names each missing variable without echoing secrets', () => {
    const aliyun = loadChannelConfig({
      LIANXIN_SMS_PROVIDER: 'aliyun',
      ALIYUN_SMS_ACCESS_KEY_ID: 'ak-id',
      ALIYUN_SMS_ACCESS_KEY_SECRET: 'ak-secret',
      ALIYUN_SMS_SIGN_NAME: '连心桥',
      LIANXIN_SMTP_PORT: '465',
      LIANXIN_SMTP_USER: 'mailer',
      LIANXIN_SMTP_PASS: 'smtp-password',
    });
    expect(aliyun.sms).toEqual({ provider: 'aliyun', accessKeyId: 'ak-id', accessKeySecret: 'ak-secret', signName: '连心桥' });
    // The provider's SDK is loaded when it is chosen, and only then.
    expect(smsSender(aliyun.sms).provider).toBe('aliyun');
    expect(aliyun.smtp).toMatchObject({ port: 465, secure: true, user: 'mailer', pass: 'smtp-password' });

    expect(() => loadChannelConfig({ LIANXIN_SMS_PROVIDER: 'aliyun', ALIYUN_SMS_ACCESS_KEY_ID: 'ak-id' })).toThrow(
      /ALIYUN_SMS_ACCESS_KEY_SECRET: required while LIANXIN_SMS_PROVIDER=aliyun.*ALIYUN_SMS_SIGN_NAME/,
    );
    const tencent = () =>
      loadChannelConfig({ LIANXIN_SMS_PROVIDER: 'tencent', TENCENT_SMS_SECRET_ID: 'sid', TENCENT_SMS_SECRET_KEY: 'very-secret-key', TENCENT_SMS_SIGN_NAME: '连心桥' });
    expect(tencent).toThrow(/TENCENT_SMS_SDK_APP_ID/);
    expect(smsSender(loadChannelConfig({ LIANXIN_SMS_PROVIDER: 'tencent', TENCENT_SMS_SECRET_ID: 'sid', TENCENT_SMS_SECRET_KEY: 'very-secret-key', TENCENT_SMS_SIGN_NAME: '连心桥', TENCENT_SMS_SDK_APP_ID: '1400000000' }).sms).provider).toBe('tencent');
    expect(tencent).not.toThrow(/very-secret-key/);
    expect(() => loadChannelConfig({ LIANXIN_SMS_PROVIDER: 'twilio' })).toThrow(/LIANXIN_SMS_PROVIDER/);
    expect(() => loadChannelConfig({ LIANXIN_SMTP_PASS: 'lonely-password' })).toThrow(/LIANXIN_SMTP_USER/);
    expect(() => loadChannelConfig({ LIANXIN_SMTP_PASS: 'lonely-password' })).not.toThrow(/lonely-password/);
  });
});
