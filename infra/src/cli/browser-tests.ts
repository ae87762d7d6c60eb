import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { ensureChromium } from '../install/chromium';
import { defaultLog, type Log } from '../paths';

/**
 * What the browser tests (`test/src/browser/`) need from `npm test`, decided before the identity
 * service starts: a Chromium (installed from Debian's packages when missing), and the ports the
 * test files serve the console on. The console signs in through the run's identity service and
 * calls the services from its own origin, so those ports must be known up front: they go into
 * the provider's redirect URIs (`LIANXIN_CONSOLE_REDIRECT_URIS`) and the services' CORS
 * allow-list (`LIANXIN_CORS_ORIGINS`), and to the tests as `LIANXIN_TEST_CONSOLE_PORTS`, from
 * which each test file takes the first it can listen on.
 */

/** More than jest's workers (2), so a test file never waits for a port. */
const consolePortCount = 4;

/** The path the console receives its authorization code on (the provider's default redirect URI is `…:8085/callback`). */
export const consoleCallbackPath = '/callback';

/** The lowest port the kernel hands out for port 0 (Linux: the start of ip_local_port_range). */
function ephemeralPortsFrom(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 20_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

function listenable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * `count` ports free now, below the ephemeral range: the services the tests start on port 0 are
 * never given one of them while a test file is not yet listening there.
 */
export async function consolePorts(count = consolePortCount): Promise<number[]> {
  const high = ephemeralPortsFrom() - 1;
  const low = 20_000;
  const ports: number[] = [];
  for (let tries = 0; ports.length < count && tries < 200; tries += 1) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (!ports.includes(port) && (await listenable(port))) ports.push(port);
  }
  if (ports.length < count) throw new Error(`no ${count} free ports between ${low} and ${high} for the console`);
  return ports;
}

/** The browser tests' variables: LIANXIN_CHROMIUM, LIANXIN_TEST_CONSOLE_PORTS, and the redirect URIs and CORS origins of those ports. */
export async function browserTestEnvironment(env: NodeJS.ProcessEnv = process.env, log: Log = defaultLog): Promise<Record<string, string>> {
  const chromium = await ensureChromium(log, env);
  log(`browser tests use Chromium ${chromium.version} (${chromium.executable})`);
  const ports = await consolePorts();
  const origins = ports.map((port) => `http://127.0.0.1:${port}`);
  return {
    LIANXIN_CHROMIUM: chromium.executable,
    LIANXIN_TEST_CONSOLE_PORTS: ports.join(','),
    LIANXIN_CONSOLE_REDIRECT_URIS: origins.map((origin) => `${origin}${consoleCallbackPath}`).join(','),
    LIANXIN_CORS_ORIGINS: origins.join(','),
  };
}
