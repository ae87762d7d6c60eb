import path from 'node:path';
import { developmentSecrets } from '../secrets';
import { repoRoot, run } from './processes';

/**
 * Runs a maintenance script (`npm run audit:verify`, `audit:prune`) against the system `npm start`
 * runs: with the development secrets of `.data/dev` (variables already set win, as in production
 * where they come from a secret store).
 */
async function main(): Promise<number> {
  const [script, ...args] = process.argv.slice(2);
  if (!script) throw new Error('usage: with-dev-secrets <script.ts> [args…]');
  const dataDir = process.env.LIANXIN_DATA_DIR ?? path.join(repoRoot, '.data', 'dev');
  const env = { ...process.env, ...developmentSecrets(dataDir, process.env) };
  return run(process.execPath, ['--import', 'tsx', path.join(repoRoot, script), ...args], env);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(2);
  },
);
