import { runProcess } from '@lianxin/platform';
import { ensureConsoleBuilt } from './build';
import { loadConsoleConfig } from './config';
import { startConsole } from './server';

/** The console: builds the browser app when its sources changed, then serves it. */
void runProcess('console', async ({ log }) => {
  const config = loadConsoleConfig();
  const build = await ensureConsoleBuilt({ onBuild: () => log.info('building the console (vite build)…') });
  if (build.built) log.info({ ms: build.ms }, 'console built');
  return startConsole({ port: config.port, issuer: config.issuer, clientId: config.clientId, services: config.services, log });
});
