import { startConsole } from '@lianxin/console';
import type { RunningSystem } from '../harness';
import { oidcIssuer } from '../tokens';

export interface TestConsole {
  /** `http://127.0.0.1:<port>`, an origin the run's identity service and CORS allow-list accept. */
  url: string;
  close(): Promise<void>;
}

/** The ports `npm test` put into the provider's redirect URIs and the services' CORS allow-list. */
export function consolePorts(): number[] {
  const raw = process.env.LIANXIN_TEST_CONSOLE_PORTS;
  if (!raw) throw new Error('LIANXIN_TEST_CONSOLE_PORTS is not set: run the browser tests with `npm test`.');
  return raw.split(',').map((port) => Number(port.trim()));
}

const inUse = (error: unknown) => (error as NodeJS.ErrnoException).code === 'EADDRINUSE' || /EADDRINUSE/.test(String(error));

/**
 * The console (its web build, served by `services/console`) for `system`'s services, on the first
 * of the run's console ports no other test file is using: jest runs files side by side, and
 * listening is the claim. Each worker starts looking at a port of its own.
 */
export async function startTestConsole(system: RunningSystem): Promise<TestConsole> {
  const ports = consolePorts();
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  const services = { residents: system.residents.url, cadres: system.cadres.url, notifications: system.notifications.url };
  for (let i = 0; i < ports.length; i += 1) {
    const port = ports[(worker - 1 + i) % ports.length]!;
    try {
      const running = await startConsole({ port, issuer: oidcIssuer(), services });
      // The origin exactly as the redirect URIs and the CORS allow-list spell it.
      return { url: `http://127.0.0.1:${port}`, close: () => running.close() };
    } catch (error) {
      if (!inUse(error)) throw error;
    }
  }
  throw new Error(`every console port of the run is in use (${ports.join(', ')})`);
}
