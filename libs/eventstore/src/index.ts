export * from './port/event-store.port';
export * from './port/errors';
export {
  chainHash,
  verifyChain,
  type ChainedContent,
  type ChainedRow,
  type ChainProblem,
  type StreamChainReport,
} from './chain/event-chain';
export {
  openSqliteEventStore,
  type SqliteEventStore,
  type SqliteEventStoreOptions,
} from './adapters/sqlite/sqlite-event-store';
export { named as namedStatement } from './adapters/postgres/named-statement';
export { settingFile } from './config/setting-file';
export { postgresSslFromEnv } from './adapters/postgres/postgres-tls';
export {
  openPostgresEventStore,
  type PostgresEventStore,
  type PostgresEventStoreOptions,
} from './adapters/postgres/postgres-event-store';
export {
  openKurrentDbEventStore,
  type KurrentDbEventStore,
  type KurrentDbEventStoreOptions,
} from './adapters/kurrentdb/kurrentdb-event-store';
