import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The secrets every Lianxin process needs, for development and tests. Production gives them from
 * a secret store through the environment; here they are made once per data directory and kept in
 * `<dataDir>/secrets.json` (mode 0600, inside the git-ignored `.data`), so that what was encrypted
 * in one `npm start` still opens in the next.
 *
 * - `LIANXIN_PAYLOAD_KEYS`: key ring of the Temporal payload codec (`kid:base64key[,…]`).
 * - `LIANXIN_DATA_KEYS`: key ring of sealed fields (phone numbers, addresses) in Kafka and MongoDB.
 * - `LIANXIN_AUDIT_KEY`: base64 of 32 bytes, the audit trail's MAC key.
 * - `LIANXIN_INDEX_KEY`: base64 of 32 bytes, the key of blind indexes (keyed hashes of phone numbers).
 * - `LIANXIN_IDENTITY_COOKIE_KEYS`: two base64url cookie-signing keys, comma-separated.
 */
export const secretNames = [
  'LIANXIN_PAYLOAD_KEYS',
  'LIANXIN_DATA_KEYS',
  'LIANXIN_AUDIT_KEY',
  'LIANXIN_INDEX_KEY',
  'LIANXIN_IDENTITY_COOKIE_KEYS',
] as const;

export type SecretName = (typeof secretNames)[number];

const fileName = 'secrets.json';

function randomSecret(name: SecretName): string {
  switch (name) {
    case 'LIANXIN_PAYLOAD_KEYS':
    case 'LIANXIN_DATA_KEYS':
      return `k1:${randomBytes(32).toString('base64')}`;
    case 'LIANXIN_AUDIT_KEY':
    case 'LIANXIN_INDEX_KEY':
      return randomBytes(32).toString('base64');
    case 'LIANXIN_IDENTITY_COOKIE_KEYS':
      return `${randomBytes(32).toString('base64url')},${randomBytes(32).toString('base64url')}`;
  }
}

/** Fresh random secrets, for one test run. */
export function testSecrets(): Record<SecretName, string> {
  return Object.fromEntries(secretNames.map((name) => [name, randomSecret(name)])) as Record<SecretName, string>;
}

function readStored(file: string): Partial<Record<SecretName, string>> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON; delete it to make new development secrets`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file} is not a JSON object; delete it to make new development secrets`);
  }
  const stored: Partial<Record<SecretName, string>> = {};
  for (const name of secretNames) {
    const value = (parsed as Record<string, unknown>)[name];
    if (typeof value === 'string' && value !== '') stored[name] = value;
  }
  // Someone may have copied the file around with a looser mode: only the owner reads it.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return stored;
}

function writeStored(file: string, secrets: Record<SecretName, string>): void {
  const temporary = `${file}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  writeFileSync(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temporary, file);
}

/**
 * The development secrets of `dataDir` (e.g. `.data/dev`): read from `<dataDir>/secrets.json`,
 * which is created (mode 0600) with random values the first time, and completed if a newer
 * version of this list names a secret it lacks. A variable already set in `env` wins.
 */
export function developmentSecrets(dataDir: string, env: NodeJS.ProcessEnv = process.env): Record<SecretName, string> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, fileName);
  const stored = readStored(file) ?? {};
  const missing = secretNames.filter((name) => stored[name] === undefined);
  const complete = { ...stored } as Record<SecretName, string>;
  for (const name of missing) complete[name] = randomSecret(name);
  if (missing.length > 0) writeStored(file, complete);
  const secrets = {} as Record<SecretName, string>;
  for (const name of secretNames) {
    const fromEnv = env[name];
    secrets[name] = fromEnv !== undefined && fromEnv !== '' ? fromEnv : complete[name];
  }
  return secrets;
}
