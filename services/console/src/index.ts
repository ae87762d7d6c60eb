export { loadConsoleConfig, type ConsoleConfig, type ConsoleServices } from './config';
export { startConsole, consoleContentSecurityPolicy, consoleDistDir, type ConsoleOptions, type RunningConsole, type ConsoleClientConfig } from './server';
export { ensureConsoleBuilt, consoleBuildIsCurrent, consoleSourceHash, type EnsureBuiltResult } from './build';
