import { sms } from 'tencentcloud-sdk-nodejs-sms';
import { DeliveryError, type ChannelSender, type OutgoingMessage, type SendOutcome } from '../channel';
import { isRetryableStatus, property, SEND_TIMEOUT_MS, transportFailure } from '../http';
import { excerpt } from '../redact';
import { sdkEndpoint } from './endpoint';
import { mainlandMobile } from './phone';

const SmsClient = sms.v20210111.Client;
type SendSmsRequest = Parameters<InstanceType<typeof SmsClient>['SendSms']>[0];
type SendSmsResponse = Awaited<ReturnType<InstanceType<typeof SmsClient>['SendSms']>>;

export interface TencentSmsOptions {
  secretId: string;
  secretKey: string;
  /** 短信 SdkAppId (the application in the SMS console). */
  sdkAppId: string;
  /** The approved 短信签名 (its text, not its id). */
  signName: string;
  /** `ap-guangzhou` by default. */
  region?: string;
  /** Host or URL of the API; `sms.tencentcloudapi.com` by default (tests point it at a local server). */
  endpoint?: string;
  timeoutMs?: number;
}

const PEER = '腾讯云短信';

/**
 * Whether a Tencent Cloud error code (API error or per-number SendStatus code) is worth another
 * attempt: FailedOperation.*, InvalidParameter(Value).*, UnsupportedOperation.* and MissingParameter
 * are refusals a repeat gets again; LimitExceeded.*, InternalError.* and unknown codes may pass later.
 */
export function isRetryableTencentCode(code: string): boolean {
  return !/^(?:FailedOperation|InvalidParameterValue|InvalidParameter|UnsupportedOperation|MissingParameter)(?:\.|$)/.test(code);
}

/**
 * SMS through Tencent Cloud 短信 (SendSms, API 2021-01-11, TC3-HMAC-SHA256 signed by the SDK) with an
 * approved template. Template parameters go in the order of `template.params`; the delivery id goes
 * along as SessionContext, which receipts carry back.
 */
export function tencentSmsSender(options: TencentSmsOptions): ChannelSender {
  const { host, protocol } = sdkEndpoint(options.endpoint ?? 'sms.tencentcloudapi.com');
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  const client = new SmsClient({
    credential: { secretId: options.secretId, secretKey: options.secretKey },
    region: options.region ?? 'ap-guangzhou',
    profile: { httpProfile: { endpoint: host, protocol: `${protocol}://`, reqTimeout: Math.ceil(timeoutMs / 1000) } },
  });
  return {
    channel: 'sms',
    provider: 'tencent',
    async send(message: OutgoingMessage, signal?: AbortSignal): Promise<SendOutcome> {
      if (!message.template) throw new DeliveryError(`${PEER}: 缺少短信模板 (只能发送已审核的模板)`, false);
      const request: SendSmsRequest = {
        PhoneNumberSet: [`+86${mainlandMobile(message.to)}`],
        SmsSdkAppId: options.sdkAppId,
        SignName: options.signName,
        TemplateId: message.template.code,
        TemplateParamSet: Object.values(message.template.params),
        SessionContext: message.deliveryId,
      };
      let response: SendSmsResponse;
      try {
        // `request` rather than `SendSms`: only it takes the abort signal.
        response = (await client.request('SendSms', request, signal ? { signal } : {})) as SendSmsResponse;
      } catch (error) {
        throw tencentFailure(error, { signal, timeoutMs });
      }
      const status = response.SendStatusSet?.[0];
      if (status?.Code !== 'Ok') {
        const code = status?.Code ?? '(无 SendStatus)';
        throw new DeliveryError(`${PEER}: ${code} ${excerpt(status?.Message)}`.trim(), isRetryableTencentCode(code));
      }
      return { status: 'sent', ...(status.SerialNo ? { providerMessageId: status.SerialNo } : {}) };
    },
  };
}

/** An error thrown by the SDK: an API error by its code, an HTTP error by its status, else a transport failure. */
function tencentFailure(error: unknown, context: { signal?: AbortSignal; timeoutMs: number }): DeliveryError {
  const code = property(error, 'code');
  const httpCode = property(error, 'httpCode');
  const message = property(error, 'message');
  if (typeof code === 'string' && code !== '') {
    return new DeliveryError(`${PEER}: ${code} ${excerpt(message)}`.trim(), isRetryableTencentCode(code));
  }
  if (typeof httpCode === 'number') {
    return new DeliveryError(`${PEER}: HTTP ${httpCode}`, isRetryableStatus(httpCode));
  }
  // The SDK wraps transport errors in its own, keeping only the message (which names the URL: not repeated).
  if (!context.signal?.aborted && typeof message === 'string' && /timeout/i.test(message)) {
    return new DeliveryError(`${PEER}: ${context.timeoutMs / 1000} 秒内无答复`, true);
  }
  return transportFailure(error, PEER, context);
}
