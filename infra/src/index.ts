export { startStack, type RunningStack, type StackOptions } from './stack';
export { ensureInstalled, ensureFerretDb, ensureKafka, ensurePostgres, ensureTemporalCli, ensureTemporalTestServer, InstallError, type InstalledServers } from './install';
export { startTemporal, ensureNamespace, temporalAnswers, type TemporalOptions, type TemporalHandle } from './servers/temporal';
export { startKafka, kafkaAnswers, type KafkaOptions, type KafkaHandle } from './servers/kafka';
export { startFerretDb, mongoAnswers, type FerretDbOptions, type FerretDbHandle } from './servers/ferretdb';
export { startPostgres, postgresAnswers, type PostgresOptions, type PostgresHandle } from './servers/postgresql';
export { stopAllChildren, type ServerHandle } from './servers/process';
export { addressesFromEnv, defaults, type Addresses } from './config';
export { versions, cacheRoot, cacheDir, type Log } from './paths';
