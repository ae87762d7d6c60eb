/** Addresses of the servers, each overridable by the environment variable the services read too. */
export interface Addresses {
  /** `host:port` of Temporal's gRPC frontend (TEMPORAL_ADDRESS, default 127.0.0.1:7233). */
  temporalAddress: string;
  /** Temporal Web UI port (TEMPORAL_UI_PORT, default 8233; 0 = no UI). */
  temporalUiPort: number;
  /** Kafka bootstrap brokers (KAFKA_BROKERS, comma-separated, default 127.0.0.1:9092). */
  kafkaBrokers: string[];
  /** Port of the KRaft controller listener (KAFKA_CONTROLLER_PORT, default 9093). */
  kafkaControllerPort: number;
  /** MONGO_URL, default mongodb://127.0.0.1:27017. */
  mongoUrl: string;
  /** Port of the PostgreSQL under FerretDB, on 127.0.0.1 (LIANXIN_POSTGRES_PORT, default 55432). */
  postgresPort: number;
}

export const defaults = {
  temporalAddress: '127.0.0.1:7233',
  temporalUiPort: 8233,
  kafkaBrokers: '127.0.0.1:9092',
  kafkaControllerPort: 9093,
  mongoUrl: 'mongodb://127.0.0.1:27017',
  postgresPort: 55432,
} as const;

function port(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new Error(`${name}=${raw} is not a port number`);
  return value;
}

export function addressesFromEnv(env: NodeJS.ProcessEnv = process.env): Addresses {
  return {
    temporalAddress: env.TEMPORAL_ADDRESS?.trim() || defaults.temporalAddress,
    temporalUiPort: port('TEMPORAL_UI_PORT', env.TEMPORAL_UI_PORT, defaults.temporalUiPort),
    kafkaBrokers: (env.KAFKA_BROKERS?.trim() || defaults.kafkaBrokers).split(',').map((b) => b.trim()).filter(Boolean),
    kafkaControllerPort: port('KAFKA_CONTROLLER_PORT', env.KAFKA_CONTROLLER_PORT, defaults.kafkaControllerPort),
    mongoUrl: env.MONGO_URL?.trim() || defaults.mongoUrl,
    postgresPort: port('LIANXIN_POSTGRES_PORT', env.LIANXIN_POSTGRES_PORT, defaults.postgresPort),
  };
}

/** `host:port` → parts (IPv6 in brackets allowed); the default port when none is given. */
export function splitHostPort(address: string, defaultPort: number): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(address);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : defaultPort };
  const match = /^([^:]+):(\d+)$/.exec(address);
  return match ? { host: match[1]!, port: Number(match[2]) } : { host: address, port: defaultPort };
}

const loopback = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return loopback.has(host.toLowerCase());
}

/**
 * Where FerretDB should listen for `mongoUrl`, or undefined when the URL names another server
 * (a remote host, several hosts, SRV, credentials): then FerretDB is never started and
 * the URL is only checked. A loopback `mongodb://127.0.0.1[:port][/…]` is ours to start.
 */
export function embeddedMongoListen(mongoUrl: string): { host: string; port: number } | undefined {
  let url: URL;
  try {
    url = new URL(mongoUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'mongodb:' || url.username || url.password) return undefined;
  if (!isLoopback(url.hostname)) return undefined;
  const host = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname.replace(/^\[|\]$/g, '');
  return { host, port: url.port ? Number(url.port) : 27017 };
}

/** A URL for logs and errors, without its password. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
