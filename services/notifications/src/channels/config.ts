import { z } from 'zod';
import type { ChannelSender, OutboundChannel } from './channel';
import { smtpEmailSender, type SmtpEmailOptions } from './email/smtp';
import type { AliyunSmsOptions } from './sms/aliyun';
import { sdkEndpoint } from './sms/endpoint';
import { gatewaySmsSender, type GatewaySmsOptions } from './sms/gateway';
import type { TencentSmsOptions } from './sms/tencent';
import { webhookSender } from './webhook';

/** An unset variable and an empty one mean the same: the default. */
const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const optionalText = z.preprocess(unsetIfEmpty, z.string().trim().min(1).optional());

const yesNo = z.preprocess(
  unsetIfEmpty,
  z
    .enum(['on', 'off', 'true', 'false', '1', '0'])
    .optional()
    .transform((value) => (value === undefined ? undefined : ['on', 'true', '1'].includes(value))),
);

const endpoint = z.preprocess(
  unsetIfEmpty,
  z
    .string()
    .refine((value) => {
      try {
        sdkEndpoint(value);
        return true;
      } catch {
        return false;
      }
    }, 'expected host[:port] or http(s)://host[:port]')
    .optional(),
);

/** What each SMS provider needs besides the defaults: named in the error when missing. */
const REQUIRED_BY_PROVIDER = {
  gateway: [],
  aliyun: ['ALIYUN_SMS_ACCESS_KEY_ID', 'ALIYUN_SMS_ACCESS_KEY_SECRET', 'ALIYUN_SMS_SIGN_NAME'],
  tencent: ['TENCENT_SMS_SECRET_ID', 'TENCENT_SMS_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID', 'TENCENT_SMS_SIGN_NAME'],
} as const;

/** The outbound channels' environment. */
const ChannelEnv = z
  .object({
    /** Which SMS provider sends: the embedded gateway (development default), Aliyun or Tencent Cloud. */
    LIANXIN_SMS_PROVIDER: z.preprocess(unsetIfEmpty, z.enum(['gateway', 'aliyun', 'tencent']).default('gateway')),
    LIANXIN_SMS_GATEWAY_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8025/sms')),
    LIANXIN_SMS_GATEWAY_TOKEN: optionalText,
    ALIYUN_SMS_ACCESS_KEY_ID: optionalText,
    ALIYUN_SMS_ACCESS_KEY_SECRET: optionalText,
    ALIYUN_SMS_SIGN_NAME: optionalText,
    ALIYUN_SMS_ENDPOINT: endpoint,
    TENCENT_SMS_SECRET_ID: optionalText,
    TENCENT_SMS_SECRET_KEY: optionalText,
    TENCENT_SMS_SDK_APP_ID: z.preprocess(unsetIfEmpty, z.string().regex(/^\d{5,20}$/, 'expected the numeric SdkAppId').optional()),
    TENCENT_SMS_SIGN_NAME: optionalText,
    TENCENT_SMS_REGION: z.preprocess(unsetIfEmpty, z.string().regex(/^[a-z]{2}-[a-z]+(?:-\d+)?$/).default('ap-guangzhou')),
    TENCENT_SMS_ENDPOINT: endpoint,
    LIANXIN_SMTP_HOST: z.preprocess(unsetIfEmpty, z.string().trim().min(1).default('127.0.0.1')),
    LIANXIN_SMTP_PORT: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).max(65535).default(1025)),
    /** TLS from the first byte; by default only on port 465. */
    LIANXIN_SMTP_SECURE: yesNo,
    LIANXIN_SMTP_USER: optionalText,
    LIANXIN_SMTP_PASS: optionalText,
    LIANXIN_MAIL_FROM: z.preprocess(unsetIfEmpty, z.string().trim().min(3).default('连心桥 <noreply@lianxin.local>')),
  })
  .superRefine((env, ctx) => {
    for (const name of REQUIRED_BY_PROVIDER[env.LIANXIN_SMS_PROVIDER]) {
      if (env[name] === undefined) {
        ctx.addIssue({ code: 'custom', path: [name], message: `required while LIANXIN_SMS_PROVIDER=${env.LIANXIN_SMS_PROVIDER}` });
      }
    }
    if ((env.LIANXIN_SMTP_USER === undefined) !== (env.LIANXIN_SMTP_PASS === undefined)) {
      const missing = env.LIANXIN_SMTP_USER === undefined ? 'LIANXIN_SMTP_USER' : 'LIANXIN_SMTP_PASS';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'LIANXIN_SMTP_USER and LIANXIN_SMTP_PASS go together' });
    }
  });

export type SmsProviderConfig =
  | ({ provider: 'gateway' } & GatewaySmsOptions)
  | ({ provider: 'aliyun' } & AliyunSmsOptions)
  | ({ provider: 'tencent' } & TencentSmsOptions);

export interface ChannelConfig {
  sms: SmsProviderConfig;
  smtp: SmtpEmailOptions;
}

/** Reads and checks the outbound channels' environment; a bad one is a start-up error naming each variable (never its value). */
export function loadChannelConfig(env: NodeJS.ProcessEnv = process.env): ChannelConfig {
  const parsed = ChannelEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`配置错误 (notification channels): ${problems}`);
  }
  const e = parsed.data;
  return {
    sms: smsConfig(e),
    smtp: {
      host: e.LIANXIN_SMTP_HOST,
      port: e.LIANXIN_SMTP_PORT,
      secure: e.LIANXIN_SMTP_SECURE ?? e.LIANXIN_SMTP_PORT === 465,
      ...(e.LIANXIN_SMTP_USER && e.LIANXIN_SMTP_PASS ? { user: e.LIANXIN_SMTP_USER, pass: e.LIANXIN_SMTP_PASS } : {}),
      from: e.LIANXIN_MAIL_FROM,
    },
  };
}

/** The chosen provider's settings; its required variables were checked by the schema. */
function smsConfig(e: z.infer<typeof ChannelEnv>): SmsProviderConfig {
  switch (e.LIANXIN_SMS_PROVIDER) {
    case 'aliyun':
      return {
        provider: 'aliyun',
        accessKeyId: e.ALIYUN_SMS_ACCESS_KEY_ID!,
        accessKeySecret: e.ALIYUN_SMS_ACCESS_KEY_SECRET!,
        signName: e.ALIYUN_SMS_SIGN_NAME!,
        ...(e.ALIYUN_SMS_ENDPOINT ? { endpoint: e.ALIYUN_SMS_ENDPOINT } : {}),
      };
    case 'tencent':
      return {
        provider: 'tencent',
        secretId: e.TENCENT_SMS_SECRET_ID!,
        secretKey: e.TENCENT_SMS_SECRET_KEY!,
        sdkAppId: e.TENCENT_SMS_SDK_APP_ID!,
        signName: e.TENCENT_SMS_SIGN_NAME!,
        region: e.TENCENT_SMS_REGION,
        ...(e.TENCENT_SMS_ENDPOINT ? { endpoint: e.TENCENT_SMS_ENDPOINT } : {}),
      };
    case 'gateway':
      return {
        provider: 'gateway',
        url: e.LIANXIN_SMS_GATEWAY_URL,
        ...(e.LIANXIN_SMS_GATEWAY_TOKEN ? { token: e.LIANXIN_SMS_GATEWAY_TOKEN } : {}),
      };
  }
}

/**
 * The SMS sender of the configured provider. A cloud provider's SDK is loaded only when it is the
 * one configured (Aliyun's and Tencent's cost a process 20–30 MiB each). `require`, not
 * `import()`, so that it works alike from the bundle, from source and in jest.
 */
export function smsSender(config: SmsProviderConfig): ChannelSender {
  switch (config.provider) {
    case 'aliyun': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { aliyunSmsSender } = require('./sms/aliyun') as typeof import('./sms/aliyun');
      return aliyunSmsSender(config);
    }
    case 'tencent': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { tencentSmsSender } = require('./sms/tencent') as typeof import('./sms/tencent');
      return tencentSmsSender(config);
    }
    case 'gateway':
      return gatewaySmsSender(config);
  }
}

/** One sender per outbound channel, as configured. Close them (`close?.()`) on shutdown. */
export function channelSenders(config: ChannelConfig): Record<OutboundChannel, ChannelSender> {
  return {
    sms: smsSender(config.sms),
    email: smtpEmailSender(config.smtp),
    webhook: webhookSender(),
  };
}
