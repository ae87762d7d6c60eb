import { z } from 'zod';
import { rateLimitFromEnv } from '@lianxin/platform';

/** Discovery's endpoint types: whether what is submitted here is acted upon. */
export const endpointTypes = ['production', 'test'] as const;

/** What the Open311 endpoint is configured with (environment variables only). */
export interface Open311Config {
  /** The one jurisdiction this endpoint serves (`jurisdiction_id`); other values are refused. */
  jurisdictionId: string;
  /** Requests per window and client system (API key) on POST requests, or off. */
  rateLimit: { points: number; durationSeconds: number } | 'off';
  /** Discovery's endpoint type: whether what is submitted here is acted upon. */
  endpointType: (typeof endpointTypes)[number];
  /** Discovery's contact line (who to ask about this endpoint). */
  contact: string;
}

const Open311Env = z.object({
  LIANXIN_OPEN311_JURISDICTION: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.-]{1,100}$/, 'LIANXIN_OPEN311_JURISDICTION 应为域名形式，如 lianxin.local')
    .default('lianxin.local'),
  LIANXIN_OPEN311_ENDPOINT_TYPE: z.enum(endpointTypes, 'LIANXIN_OPEN311_ENDPOINT_TYPE 应为 production 或 test').default('production'),
  LIANXIN_OPEN311_CONTACT: z.string().trim().min(1).max(500).default('连心桥平台管理员（系统管理员角色）负责本接口的接入与咨询'),
});

/** Reads the Open311 settings; a malformed value stops the service at start with a zh-CN message. */
export function open311Config(env: NodeJS.ProcessEnv = process.env): Open311Config {
  const present = Object.fromEntries(Object.entries(env).filter(([name, value]) => name.startsWith('LIANXIN_OPEN311_') && value?.trim()));
  const parsed = Open311Env.safeParse(present);
  if (!parsed.success) throw new Error(`配置错误 (Open311): ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return {
    jurisdictionId: parsed.data.LIANXIN_OPEN311_JURISDICTION,
    rateLimit: rateLimitFromEnv(env, 'LIANXIN_OPEN311_RATE_LIMIT', '60/60'),
    endpointType: parsed.data.LIANXIN_OPEN311_ENDPOINT_TYPE,
    contact: parsed.data.LIANXIN_OPEN311_CONTACT,
  };
}
