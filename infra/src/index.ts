export { startStack, type RunningStack, type StackOptions } from './stack';
export { ensureInstalled, type InstalledServers } from './install';
export { ensureNamespace } from './servers/temporal';
export { versions, cacheRoot } from './paths';
