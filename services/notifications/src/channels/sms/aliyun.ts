import Dysmsapi, { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { DeliveryError, type ChannelSender, type OutgoingMessage, type SendOutcome } from '../channel';
import { property, SEND_TIMEOUT_MS, transportFailure, untilAborted } from '../http';
import { excerpt } from '../redact';
import { sdkEndpoint } from './endpoint';
import { mainlandMobile } from './phone';

export interface AliyunSmsOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved 短信签名. */
  signName: string;
  /** Host or URL of the API; `dysmsapi.aliyuncs.com` by default (tests point it at a local server). */
  endpoint?: string;
  protocol?: 'https' | 'http';
  timeoutMs?: number;
}

const PEER = '阿里云短信';

/**
 * SendSms answers that a repeat would get again: the number, template, signature or parameters are
 * wrong. Everything else (isv.BUSINESS_LIMIT_CONTROL, isp.*, Throttling.*, unknown codes) may pass later.
 */
const PERMANENT_CODES = new Set([
  'isv.MOBILE_NUMBER_ILLEGAL',
  'isv.MOBILE_COUNT_OVER_LIMIT',
  'isv.DOMESTIC_NUMBER_NOT_SUPPORTED',
  'isv.SMS_TEMPLATE_ILLEGAL',
  'isv.TEMPLATE_MISSING_PARAMETERS',
  'isv.TEMPLATE_PARAMS_ILLEGAL',
  'isv.SMS_SIGNATURE_ILLEGAL',
  'isv.SMS_SIGN_ILLEGAL',
  'isv.SIGN_STATE_ILLEGAL',
  'isv.SMS_SIGNATURE_SCENE_ILLEGAL',
  'isv.SMS_CONTENT_ILLEGAL',
  'isv.BLACK_KEY_CONTROL_LIMIT',
  'isv.INVALID_PARAMETERS',
  'isv.INVALID_JSON_PARAM',
  'isv.PARAM_LENGTH_LIMIT',
  'isv.PARAM_NOT_SUPPORT_URL',
  'isv.EXTEND_CODE_ERROR',
]);

/** Whether an Aliyun error code is worth another attempt. */
export function isRetryableAliyunCode(code: string): boolean {
  return !PERMANENT_CODES.has(code);
}

/**
 * SMS through Aliyun 短信服务 (dysmsapi 2017-05-25 SendSms) with an approved template. The
 * delivery id goes along as OutId, so delivery receipts can be matched to the delivery.
 */
export function aliyunSmsSender(options: AliyunSmsOptions): ChannelSender {
  const { host, protocol } = sdkEndpoint(options.endpoint ?? 'dysmsapi.aliyuncs.com', options.protocol);
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  const client = new Dysmsapi(
    new $OpenApiUtil.Config({
      accessKeyId: options.accessKeyId,
      accessKeySecret: options.accessKeySecret,
      endpoint: host,
      protocol,
      regionId: 'cn-hangzhou',
      connectTimeout: Math.min(timeoutMs, 5_000),
      readTimeout: timeoutMs,
    }),
  );
  return {
    channel: 'sms',
    provider: 'aliyun',
    async send(message: OutgoingMessage, signal?: AbortSignal): Promise<SendOutcome> {
      if (!message.template) throw new DeliveryError(`${PEER}: 缺少短信模板 (只能发送已审核的模板)`, false);
      const request = new SendSmsRequest({
        phoneNumbers: mainlandMobile(message.to),
        signName: options.signName,
        templateCode: message.template.code,
        templateParam: JSON.stringify(message.template.params),
        outId: message.deliveryId,
      });
      let body: { code?: string; message?: string; bizId?: string } | undefined;
      try {
        body = (await untilAborted(client.sendSms(request), signal, PEER)).body;
      } catch (error) {
        throw aliyunFailure(error, { signal, timeoutMs });
      }
      if (body?.code !== 'OK') {
        const code = body?.code ?? '(无 Code)';
        throw new DeliveryError(`${PEER}: ${code} ${excerpt(body?.message)}`.trim(), isRetryableAliyunCode(code));
      }
      return { status: 'sent', ...(body.bizId ? { providerMessageId: body.bizId } : {}) };
    },
  };
}

/** An error thrown by the SDK: an API error (ClientError/ServerError/ThrottlingError) by its code and status, else a transport failure. */
function aliyunFailure(error: unknown, context: { signal?: AbortSignal; timeoutMs: number }): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const code = property(error, 'code');
  const statusCode = property(error, 'statusCode');
  if (typeof statusCode === 'number' && typeof code === 'string') {
    const retryable = code.includes('Throttling') || statusCode >= 500 || isRetryableAliyunCode(code);
    return new DeliveryError(`${PEER}: HTTP ${statusCode} ${code} ${excerpt(property(property(error, 'data'), 'Message'))}`.trim(), retryable);
  }
  return transportFailure(error, PEER, context);
}
