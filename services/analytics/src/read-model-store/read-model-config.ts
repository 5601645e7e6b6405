import { RUNTIME_CONFIG, type RuntimeConfig } from '@baton/service-kit';
import type { FactoryProvider } from '@nestjs/common';
import { dirname, join, resolve } from 'node:path';
import { openPostgresReadModelStore } from './postgres/postgres-read-model-store';
import { READ_MODEL_STORE, type ReadModelStore } from './read-model-store.port';
import { openSqliteReadModelStore } from './sqlite/sqlite-read-model-store';

/** Where analytics keeps its read models. */
export type ReadModelConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string };

/** The read models' own SQLite file in a data directory. */
export const analyticsSqliteFile = (dataDir: string): string => join(dataDir, 'analytics.sqlite');

/**
 * Beside the service's event store: on PostgreSQL in its schema (tables prefixed `rm_`); with
 * SQLite in `analytics.sqlite` next to the store's file, so the read models never wait for the
 * event store's write lock; with KurrentDB in `analytics.sqlite` under `BATON_DATA_DIR`.
 */
export function readModelConfigFor(
  runtime: RuntimeConfig,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ReadModelConfig {
  const { store } = runtime;
  switch (store.kind) {
    case 'postgres':
      return { kind: 'postgres', url: store.url, schema: store.schema };
    case 'sqlite':
      return { kind: 'sqlite', file: analyticsSqliteFile(dirname(store.file)) };
    case 'kurrentdb':
      return { kind: 'sqlite', file: analyticsSqliteFile(resolve(env['BATON_DATA_DIR'] || 'data')) };
  }
}

export async function openReadModelStore(config: ReadModelConfig): Promise<ReadModelStore> {
  return config.kind === 'sqlite'
    ? openSqliteReadModelStore({ file: config.file })
    : openPostgresReadModelStore({ connectionString: config.url, schema: config.schema });
}

/** Injection token of where the read models live (a ReadModelConfig). */
export const READ_MODEL_CONFIG = Symbol('READ_MODEL_CONFIG');

/** The READ_MODEL_CONFIG and READ_MODEL_STORE providers: `config`, or beside the runtime's event store. */
export function readModelStoreProviders(config?: ReadModelConfig): FactoryProvider[] {
  return [
    {
      provide: READ_MODEL_CONFIG,
      inject: [RUNTIME_CONFIG],
      useFactory: (runtime: RuntimeConfig) => config ?? readModelConfigFor(runtime),
    },
    {
      provide: READ_MODEL_STORE,
      inject: [READ_MODEL_CONFIG],
      useFactory: (resolved: ReadModelConfig): Promise<ReadModelStore> => openReadModelStore(resolved),
    },
  ];
}
