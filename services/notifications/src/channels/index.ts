/** The outbound channel senders (SMS, email, group-robot webhooks) and their configuration. */
export { DeliveryError } from './channel';
export type { ChannelSender, OutboundChannel, OutgoingMessage, SendOutcome, WebhookFormat, WebhookTarget } from './channel';
export { channelSenders, loadChannelConfig, smsSender } from './config';
export type { ChannelConfig, SmsProviderConfig } from './config';
export { gatewaySmsSender } from './sms/gateway';
export type { GatewaySmsOptions } from './sms/gateway';
export { aliyunSmsSender } from './sms/aliyun';
export type { AliyunSmsOptions } from './sms/aliyun';
export { tencentSmsSender } from './sms/tencent';
export type { TencentSmsOptions } from './sms/tencent';
export { smtpEmailSender } from './email/smtp';
export type { SmtpEmailOptions } from './email/smtp';
export { webhookSender, verifyGenericWebhookSignature, genericWebhookSignature } from './webhook';
export type { WebhookSenderOptions } from './webhook';
export { maskPhone } from './redact';
