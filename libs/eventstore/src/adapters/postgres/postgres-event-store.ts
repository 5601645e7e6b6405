import { named } from './named-statement';
import { Client, Pool } from 'pg';
import type {
  AppendResult,
  CheckpointStore,
  ExpectedVersion,
  NewEvent,
  EventStore,
  ReadAllOptions,
  ReadByStreamOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  Subscription,
  Upcaster,
} from '../../port/event-store.port';
import { verifyChain } from '../../chain/event-chain';
import { AppendNotifier } from '../shared/append-notifier';
import { pollingSubscription } from '../shared/polling-subscription';
import { upcast } from '../shared/upcast';
import { appendInTransaction, tryAppendInOneStatement, type StreamHead } from './postgres-append';
import { coalescedNotifier } from './postgres-notify';
import { migratePostgres } from './postgres-migrations';
import { postgresSslFromEnv } from './postgres-tls';
import type { ConnectionOptions } from 'node:tls';

/** Options for {@link openPostgresEventStore}. */
export interface PostgresEventStoreOptions {
  readonly connectionString: string;
  /** Schema holding the tables (created and migrated on open); lower-case identifier. */
  readonly schema: string;
  readonly upcasters?: readonly Upcaster[];
  /** Fallback poll for live subscriptions when a notification is missed (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** Key of the events' hash chain (HMAC-SHA-256); without one, plain SHA-256 links. */
  readonly chainKey?: string;
  /** pg's `ssl`; default from `BATON_PG_SSL*` (see {@link postgresSslFromEnv}), else the URL decides. */
  readonly ssl?: ConnectionOptions | false;
}

/** Streams whose head (version and link) this process remembers from its own appends. */
const KNOWN_HEADS = 20_000;

/** The PostgreSQL store, plus the checkpoints kept in the same schema. */
export interface PostgresEventStore extends EventStore {
  readonly checkpoints: CheckpointStore;
}

interface Row {
  global_position: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  schema_version: number;
  occurred_at: Date;
  recorded_at: Date;
}

/** A row as the chain covers it (as stored, not upcast). */
type ChainedPostgresRow = Omit<Row, 'global_position' | 'recorded_at'> & { chain_hash: string | null };

const COLUMNS =
  'global_position, event_id, stream_id, stream_version, type, data, metadata, schema_version, occurred_at, recorded_at';
const UNIQUE_VIOLATION = '23505';
const MAX_ATTEMPTS = 10;

/** Opens (and migrates) a PostgreSQL event store. Ordering guarantee: see README.md. */
export async function openPostgresEventStore(
  options: PostgresEventStoreOptions,
): Promise<PostgresEventStore> {
  const { schema } = options;
  const ssl = options.ssl ?? postgresSslFromEnv();
  // Every statement here is an index lookup whose generic plan is the right one; with custom plans
  // the position reads were planned afresh at every poll (0.3 ms each), since a custom plan for a
  // few rows always looks cheaper than the generic one (ADR 0004). A startup parameter, so no
  // statement races the pool's first query on a new connection.
  const pool = new Pool({
    connectionString: options.connectionString,
    options: '-c plan_cache_mode=force_generic_plan',
    ...(ssl === undefined ? {} : { ssl }),
  });
  await migratePostgres(pool, schema);
  const upcasters = options.upcasters ?? [];
  const notifier = new AppendNotifier();
  const subscriptions = new Set<Subscription>();
  let listener: Client | undefined;

  const toEvent = (r: Row): RecordedEvent =>
    upcast(
      {
        eventId: r.event_id,
        type: r.type,
        streamId: r.stream_id,
        streamVersion: r.stream_version,
        globalPosition: BigInt(r.global_position),
        occurredAt: r.occurred_at,
        recordedAt: r.recorded_at,
        data: r.data,
        metadata: r.metadata,
        schemaVersion: r.schema_version,
      },
      upcasters,
    );

  // Only events of transactions older than every running one: nothing can commit before them later.
  // Prefixes are matched with starts_with(), which keeps the planner on the global_position order.
  const readAll = async (o: ReadAllOptions = {}): Promise<RecordedEvent[]> => {
    const prefixes = o.streamPrefixes;
    if (prefixes?.length === 0) return [];
    const parameters: unknown[] = [
      (o.after ?? 0n).toString(),
      o.maxCount ?? null,
      o.until?.toString() ?? null,
    ];
    const matches = (prefixes ?? []).map((prefix) => `starts_with(stream_id, $${parameters.push(prefix)})`);
    return (
      await pool.query<Row>(
        named(
          `SELECT ${COLUMNS} FROM ${schema}.events
          WHERE global_position > $1 AND ($3::bigint IS NULL OR global_position <= $3::bigint)
            AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
            ${matches.length > 0 ? `AND (${matches.join(' OR ')})` : ''}
          ORDER BY global_position LIMIT $2`,
          parameters,
        ),
      )
    ).rows.map(toEvent);
  };

  // The unique (stream_id, stream_version) index in its own order, from the page's start; the
  // head passed in is visible (it came from headPosition), so no snapshot test is needed.
  const readByStream = async (o: ReadByStreamOptions): Promise<RecordedEvent[]> => {
    const after = o.after ?? { streamId: o.streamPrefix, streamVersion: 0 };
    return (
      await pool.query<Row>(
        named(
          `SELECT ${COLUMNS} FROM ${schema}.events
          WHERE (stream_id, stream_version) > ($1, $2) AND starts_with(stream_id, $3)
            AND global_position <= $4
          ORDER BY stream_id, stream_version LIMIT $5`,
          [after.streamId, after.streamVersion, o.streamPrefix, o.until.toString(), o.maxCount],
        ),
      )
    ).rows.map(toEvent);
  };

  const headPosition = async (): Promise<bigint> =>
    BigInt(
      (
        await pool.query<{ head: string }>(
          named(`SELECT COALESCE(MAX(global_position), 0)::text AS head FROM ${schema}.events
            WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())`),
        )
      ).rows[0]?.head ?? '0',
    );

  // Best effort: when LISTEN fails, subscriptions still poll.
  const listen = async (): Promise<void> => {
    if (listener) return;
    listener = new Client({
      connectionString: options.connectionString,
      ...(ssl === undefined ? {} : { ssl }),
    });
    listener.on('notification', () => notifier.notify());
    listener.on('error', () => undefined);
    await listener.connect();
    await listener.query(`LISTEN ${schema}`);
  };

  const streamVersion = async (streamId: string): Promise<number> =>
    (
      await pool.query<{ v: number }>(
        `SELECT COALESCE(MAX(stream_version), 0)::int AS v FROM ${schema}.events WHERE stream_id = $1`,
        [streamId],
      )
    ).rows[0]?.v ?? 0;

  const notifyOthers = coalescedNotifier(pool, schema);
  const appendWithPlan = async (
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await appendInTransaction(client, schema, streamId, events, expected, options.chainKey);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  // The one-statement append needs the head's link before it writes: known for a new stream, and
  // for the streams this process appended to last (most of them: each service writes its own).
  const heads = new Map<string, StreamHead>();
  const remember = (streamId: string, head: StreamHead | undefined): void => {
    if (!head) return;
    heads.delete(streamId);
    heads.set(streamId, head);
    if (heads.size > KNOWN_HEADS) heads.delete(heads.keys().next().value as string);
  };
  const knownHead = (streamId: string, expected: ExpectedVersion): StreamHead | undefined => {
    if (expected.kind === 'no-stream') return { version: 0, link: null };
    const head = heads.get(streamId);
    return head && (expected.kind === 'any' || head.version === expected.version) ? head : undefined;
  };
  const appendInOneStatement = async (
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
  ) => {
    const head = knownHead(streamId, expected);
    return head && tryAppendInOneStatement(pool, schema, streamId, events, head, options.chainKey);
  };

  return {
    async append(streamId, events, expected) {
      for (let attempt = 1; ; attempt++) {
        try {
          // First the one-statement path; after it declines or hits a unique violation, the
          // transactional path sorts out retries of earlier appends from real conflicts.
          const { head, ...result }: AppendResult & { readonly head?: StreamHead } =
            (attempt === 1 ? await appendInOneStatement(streamId, events, expected) : undefined) ??
            (await appendWithPlan(streamId, events, expected));
          remember(streamId, head);
          if (result.written) {
            notifier.notify();
            notifyOthers();
          }
          return result;
        } catch (error) {
          // A concurrent writer committed the same version or event id first: planning again
          // sees its rows and yields WrongExpectedVersionError, a no-op or DuplicateEventIdError.
          if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    },
    async readStream(streamId, o: ReadStreamOptions = {}) {
      const backwards = o.direction === 'backwards';
      const from = o.fromVersion ?? (backwards ? 2_147_483_647 : 1);
      const result = await pool.query<Row>(
        named(
          `SELECT ${COLUMNS} FROM ${schema}.events WHERE stream_id = $1 AND stream_version ${backwards ? '<=' : '>='} $2
          ORDER BY stream_version ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
          [streamId, from, o.maxCount ?? null],
        ),
      );
      return result.rows.map(toEvent);
    },
    readAll,
    readByStream,
    headPosition,
    subscribeToAll(o) {
      void listen().catch(() => undefined);
      const sub = pollingSubscription(
        { readAll, headPosition, notifier, pollIntervalMs: options.pollIntervalMs ?? 500 },
        o,
      );
      subscriptions.add(sub);
      void sub.done.finally(() => subscriptions.delete(sub)).catch(() => undefined);
      return sub;
    },
    streamVersion,
    async verifyStream(streamId) {
      const result = await pool.query<ChainedPostgresRow>(
        `SELECT event_id, stream_id, stream_version, type, data, metadata, schema_version, occurred_at, chain_hash
           FROM ${schema}.events WHERE stream_id = $1 ORDER BY stream_version`,
        [streamId],
      );
      return verifyChain(
        streamId,
        result.rows.map((r) => ({
          eventId: r.event_id,
          streamId: r.stream_id,
          streamVersion: r.stream_version,
          type: r.type,
          schemaVersion: r.schema_version,
          occurredAt: r.occurred_at.getTime(),
          data: r.data,
          metadata: r.metadata,
          chainHash: r.chain_hash,
        })),
        options.chainKey,
      );
    },
    async getStreamMetadata(streamId) {
      const r = await pool.query<{ metadata: StreamMetadata }>(
        `SELECT metadata FROM ${schema}.streams WHERE stream_id = $1`,
        [streamId],
      );
      return r.rows[0]?.metadata;
    },
    async setStreamMetadata(streamId, metadata) {
      await pool.query(
        `INSERT INTO ${schema}.streams (stream_id, metadata) VALUES ($1, $2)
         ON CONFLICT (stream_id) DO UPDATE SET metadata = excluded.metadata`,
        [streamId, JSON.stringify(metadata)],
      );
    },
    async close() {
      await Promise.allSettled([...subscriptions].map((s) => s.stop()));
      await listener?.end().catch(() => undefined);
      await pool.end();
    },
    checkpoints: {
      async load(name) {
        const r = await pool.query<{ position: string }>(
          named(`SELECT position FROM ${schema}.checkpoints WHERE name = $1`, [name]),
        );
        const row = r.rows[0];
        return row ? BigInt(row.position) : undefined;
      },
      async save(name, position) {
        await pool.query(
          named(
            `INSERT INTO ${schema}.checkpoints (name, position) VALUES ($1, $2)
           ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
            [name, position.toString()],
          ),
        );
      },
    },
  };
}
