import { z } from 'zod';
import { loadAuthConfig, type AuthConfig } from './auth/auth-config';

/** Everything a process needs to reach the shared servers; only environment, no code change per deployment. */
const PlatformEnv = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('lianxin'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('lianxin-orders'),
  KAFKA_BROKERS: z.string().min(1).default('127.0.0.1:9092'),
  KAFKA_TOPIC_PREFIX: z.string().default('lianxin.'),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().positive().default(3),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().positive().default(1),
  MONGO_URL: z.string().min(1).default('mongodb://127.0.0.1:27017'),
  MONGO_DB_PREFIX: z.string().min(1).default('lianxin'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /** The cadres service, which owns the register: order routing and reference checks ask it. */
  CADRES_URL: z.string().url().default('http://127.0.0.1:8082'),
});

export interface PlatformConfig {
  temporal: { address: string; namespace: string; taskQueue: string };
  kafka: { brokers: string[]; topicPrefix: string; partitions: number; replicationFactor: number };
  mongo: { url: string; dbPrefix: string };
  /** Base URL of the cadres service's HTTP API. */
  cadresUrl: string;
  /** Sign-in: the OpenID provider the services trust and how its claims map (auth/auth-config.ts). */
  auth: AuthConfig;
  logLevel: z.infer<typeof PlatformEnv>['LOG_LEVEL'];
  otlpEndpoint?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const parsed = PlatformEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`配置错误 (environment): ${problems}`);
  }
  const e = parsed.data;
  return {
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TEMPORAL_TASK_QUEUE },
    kafka: {
      brokers: e.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean),
      topicPrefix: e.KAFKA_TOPIC_PREFIX,
      partitions: e.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: e.KAFKA_REPLICATION_FACTOR,
    },
    mongo: { url: e.MONGO_URL, dbPrefix: e.MONGO_DB_PREFIX },
    cadresUrl: e.CADRES_URL.replace(/\/+$/, ''),
    auth: loadAuthConfig(env),
    logLevel: e.LOG_LEVEL,
    ...(e.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
  };
}

/** Reads a service's port from `<NAME>_PORT`, falling back to its default. */
export function servicePort(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`配置错误: ${variable}=${raw} 不是有效端口`);
  return port;
}
