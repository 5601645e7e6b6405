import { openPostgresEventStore, openSqliteEventStore, type EventStore } from '@baton/eventstore';

/**
 * Where an event store is, said so that another thread can open it too (an EventStore instance
 * cannot cross threads): the embedded file, or a PostgreSQL schema (TLS from the environment, as
 * the services take it).
 */
export type EventStoreSource =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string };

export function openEventStoreAt(source: EventStoreSource): Promise<EventStore> {
  return source.kind === 'sqlite'
    ? openSqliteEventStore({ file: source.file })
    : openPostgresEventStore({ connectionString: source.connectionString, schema: source.schema });
}
