import { z } from 'zod';
import { attachmentContentTypes } from './content-types';
import { defaultAttachmentLimits, type AttachmentLimits } from './limits';
import type { S3StoreConfig } from './s3-store';

/** Where attachments go and what they are held to: from the environment only. */
export interface AttachmentsConfig {
  store: { kind: 'gridfs' } | ({ kind: 's3' } & S3StoreConfig);
  limits: AttachmentLimits;
}

const flag = z.enum(['on', 'off', 'true', 'false', '1', '0']).transform((value) => ['on', 'true', '1'].includes(value));
const count = (name: string, max: number) => z.coerce.number({ error: `${name} 应为整数` }).int(`${name} 应为整数`).min(1, `${name} 至少为 1`).max(max, `${name} 至多为 ${max}`);

const AttachmentsEnv = z
  .object({
    LIANXIN_ATTACHMENTS_STORE: z.enum(['gridfs', 's3'], 'LIANXIN_ATTACHMENTS_STORE 应为 gridfs 或 s3').default('gridfs'),
    LIANXIN_ATTACHMENTS_MAX_BYTES: count('LIANXIN_ATTACHMENTS_MAX_BYTES', 100 * 1024 * 1024).default(defaultAttachmentLimits.maxBytes),
    LIANXIN_ATTACHMENTS_MAX_PER_ORDER: count('LIANXIN_ATTACHMENTS_MAX_PER_ORDER', 1_000).default(defaultAttachmentLimits.maxPerOrder),
    LIANXIN_ATTACHMENTS_TYPES: z
      .string()
      .transform((list) => list.split(',').map((type) => type.trim().toLowerCase()).filter(Boolean))
      .pipe(z.array(z.enum(attachmentContentTypes, `LIANXIN_ATTACHMENTS_TYPES 只能包含 ${attachmentContentTypes.join(', ')}`)).min(1, 'LIANXIN_ATTACHMENTS_TYPES 不能为空'))
      .optional(),
    LIANXIN_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'LIANXIN_S3_ENDPOINT 应为 http(s) 地址' }).optional(),
    LIANXIN_S3_REGION: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, 'LIANXIN_S3_REGION 格式不正确，如 cn-north-1').default('us-east-1'),
    LIANXIN_S3_BUCKET: z.string().trim().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'LIANXIN_S3_BUCKET 应为 3–63 位小写字母、数字、点或连字符').optional(),
    LIANXIN_S3_ACCESS_KEY_ID: z.string().trim().min(1).max(200).optional(),
    LIANXIN_S3_SECRET_ACCESS_KEY: z.string().min(1).max(500).optional(),
    LIANXIN_S3_FORCE_PATH_STYLE: flag.optional(),
    LIANXIN_S3_PREFIX: z.string().max(200).regex(/^[A-Za-z0-9!_.*'()/-]*$/, 'LIANXIN_S3_PREFIX 只能包含安全的对象键字符').default('attachments/'),
  })
  .superRefine((env, ctx) => {
    if (env.LIANXIN_ATTACHMENTS_STORE !== 's3') return;
    for (const name of ['LIANXIN_S3_BUCKET', 'LIANXIN_S3_ACCESS_KEY_ID', 'LIANXIN_S3_SECRET_ACCESS_KEY'] as const) {
      if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: `LIANXIN_ATTACHMENTS_STORE=s3 需要 ${name}` });
    }
  });

/**
 * Reads the attachment settings: `LIANXIN_ATTACHMENTS_STORE` (`gridfs`, the default, or `s3`
 * with `LIANXIN_S3_*`), and the limits. A missing or malformed value stops the service at start
 * with a zh-CN message naming the variable (never its value: it may be a secret).
 */
export function attachmentsConfig(env: NodeJS.ProcessEnv = process.env): AttachmentsConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([name, value]) => (name.startsWith('LIANXIN_ATTACHMENTS_') || name.startsWith('LIANXIN_S3_')) && value?.trim()),
  );
  const parsed = AttachmentsEnv.safeParse(present);
  if (!parsed.success) {
    throw new Error(`配置错误 (附件存储): ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`).join('; ')}`);
  }
  const e = parsed.data;
  const limits: AttachmentLimits = {
    maxBytes: e.LIANXIN_ATTACHMENTS_MAX_BYTES,
    maxPerOrder: e.LIANXIN_ATTACHMENTS_MAX_PER_ORDER,
    contentTypes: e.LIANXIN_ATTACHMENTS_TYPES ? [...new Set(e.LIANXIN_ATTACHMENTS_TYPES)] : defaultAttachmentLimits.contentTypes,
  };
  if (e.LIANXIN_ATTACHMENTS_STORE === 'gridfs') return { store: { kind: 'gridfs' }, limits };
  return {
    store: {
      kind: 's3',
      ...(e.LIANXIN_S3_ENDPOINT ? { endpoint: e.LIANXIN_S3_ENDPOINT } : {}),
      region: e.LIANXIN_S3_REGION,
      bucket: e.LIANXIN_S3_BUCKET!,
      accessKeyId: e.LIANXIN_S3_ACCESS_KEY_ID!,
      secretAccessKey: e.LIANXIN_S3_SECRET_ACCESS_KEY!,
      // A self-hosted store (an endpoint of its own) is addressed by path unless told otherwise.
      forcePathStyle: e.LIANXIN_S3_FORCE_PATH_STYLE ?? e.LIANXIN_S3_ENDPOINT !== undefined,
      prefix: e.LIANXIN_S3_PREFIX,
    },
    limits,
  };
}
