import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  AppendResult,
  CheckpointStore,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadByStreamOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeOptions,
  Subscription,
  Upcaster,
} from '../../port/event-store.port';
import { chainHash, verifyChain } from '../../chain/event-chain';
import { AppendNotifier } from '../shared/append-notifier';
import { expectationHolds, planAppend, type ExistingEvent } from '../shared/append-plan';
import { pollingSubscription } from '../shared/polling-subscription';
import { upcast } from '../shared/upcast';
import { groupCommit } from './group-commit';
import { migrateSqlite } from './sqlite-migrations';
import { TailCache, type TailRow } from './tail-cache';

/** Options for {@link openSqliteEventStore}. */
export interface SqliteEventStoreOptions {
  /** Database file; its directory is created when missing. */
  readonly file: string;
  readonly upcasters?: readonly Upcaster[];
  /** How often live subscriptions look for appends made by other processes (default 100 ms). */
  readonly pollIntervalMs?: number;
  /**
   * `normal` (default, SQLite's advice for WAL) syncs at checkpoints: an append that returned
   * survives a crash of the process, but the last ones before a power cut may be lost. `full`
   * syncs the WAL on every commit, about 4× slower for single appends (see docs/adr/0003).
   */
  readonly durability?: 'full' | 'normal';
  /** Key of the events' hash chain (HMAC-SHA-256); without one, plain SHA-256 links. */
  readonly chainKey?: string;
}

/** The embedded store: one SQLite file, plus the checkpoints kept in it. */
export interface SqliteEventStore extends EventStore {
  readonly checkpoints: CheckpointStore;
}

interface Row {
  global_position: number | bigint;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  data: string;
  metadata: string;
  schema_version: number;
  occurred_at: number;
  recorded_at: number;
}

/** A row as the chain covers it. */
type ChainedSqliteRow = Omit<Row, 'global_position' | 'recorded_at'> & { chain_hash: string | null };

const COLUMNS =
  'global_position, event_id, stream_id, stream_version, type, data, metadata, schema_version, occurred_at, recorded_at';

/**
 * Opens (and migrates) an embedded event store. SQLite has one writer at a time, so commit order
 * is rowid order and the rowid serves as the global position without gaps in visibility.
 */
export function openSqliteEventStore(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
  mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
  // Fewer, larger WAL checkpoints (up to ~40 MB of WAL) and a 32 MiB page cache: about 15% more
  // appends per second in batches, measured by `npm run bench -- eventstore`.
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('cache_size = -8192');
  db.defaultSafeIntegers(true);
  migrateSqlite(db);
  const upcasters = options.upcasters ?? [];
  const notifier = new AppendNotifier();
  const subscriptions = new Set<Subscription>();

  const toEvent = (r: Row): RecordedEvent =>
    upcast(
      {
        eventId: r.event_id,
        type: r.type,
        streamId: r.stream_id,
        streamVersion: Number(r.stream_version),
        globalPosition: BigInt(r.global_position),
        occurredAt: new Date(Number(r.occurred_at)),
        recordedAt: new Date(Number(r.recorded_at)),
        data: JSON.parse(r.data) as unknown,
        metadata: JSON.parse(r.metadata) as RecordedEvent['metadata'],
        schemaVersion: Number(r.schema_version),
      },
      upcasters,
    );

  // The stream's last event: its version and its link, which the next append chains from.
  const lastOf = db.prepare(
    'SELECT stream_version AS v, chain_hash AS h FROM events WHERE stream_id = ? ORDER BY stream_version DESC LIMIT 1',
  );
  const byId = db.prepare(
    'SELECT event_id, stream_id, stream_version, global_position FROM events WHERE event_id = ?',
  );
  const insert = db
    .prepare(
      `INSERT INTO events (event_id, stream_id, stream_version, type, data, metadata, schema_version, occurred_at, recorded_at, chain_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    // Row ids stay far below 2^53; a number per insert is cheaper than a BigInt.
    .safeIntegers(false);
  type StreamHead = { readonly version: number; readonly link: string | null };
  const headOf = (streamId: string): StreamHead => {
    const row = lastOf.get(streamId) as { v: bigint; h: string | null } | undefined;
    return row ? { version: Number(row.v), link: row.h } : { version: 0, link: null };
  };
  const streamVersion = (streamId: string): number => headOf(streamId).version;

  /** An append's outcome, with the rows it wrote for the tail cache (none when nothing was written). */
  type Appended = { readonly result: AppendResult; readonly rows: readonly TailRow[] };

  const insertAll = db.transaction(
    (
      streamId: string,
      events: readonly NewEvent[],
      firstVersion: number,
      previous: string | null,
    ): Appended => {
      const now = Date.now();
      let link = previous;
      const rows = events.map((e, i): TailRow => {
        const row = {
          event_id: e.eventId,
          stream_id: streamId,
          stream_version: firstVersion + i,
          type: e.type,
          data: JSON.stringify(e.data ?? null),
          metadata: e.metadata ? JSON.stringify(e.metadata) : '{}',
          schema_version: e.schemaVersion ?? 1,
          occurred_at: e.occurredAt?.getTime() ?? now,
          recorded_at: now,
        };
        link = chainHash(
          link,
          {
            eventId: row.event_id,
            streamId,
            streamVersion: row.stream_version,
            type: row.type,
            schemaVersion: row.schema_version,
            occurredAt: row.occurred_at,
            data: e.data ?? null,
            metadata: e.metadata ?? {},
          },
          options.chainKey,
        );
        const { lastInsertRowid } = insert.run(
          row.event_id,
          row.stream_id,
          row.stream_version,
          row.type,
          row.data,
          row.metadata,
          row.schema_version,
          row.occurred_at,
          row.recorded_at,
          link,
        );
        return { global_position: Number(lastInsertRowid), ...row };
      });
      const last = rows[rows.length - 1]?.global_position ?? 0;
      return {
        result: {
          nextExpectedVersion: firstVersion - 1 + events.length,
          lastGlobalPosition: BigInt(last),
          written: true,
        },
        rows,
      };
    },
  );
  const nothingWritten = (result: AppendResult): Appended => ({ result, rows: [] });

  const storedWithIds = (events: readonly NewEvent[]): ExistingEvent[] =>
    events.flatMap((e) => {
      const r = byId.get(e.eventId) as Row | undefined;
      if (!r) return [];
      const found: ExistingEvent = {
        eventId: r.event_id,
        streamId: r.stream_id,
        streamVersion: Number(r.stream_version),
        globalPosition: BigInt(r.global_position),
      };
      return [found];
    });

  const appendSync = db.transaction(
    (streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Appended => {
      const head = headOf(streamId);
      const current = head.version;
      if (events.length > 0 && expectationHolds(expected, current)) {
        // The common case skips looking up every event id: the unique index on event_id rejects
        // a reused one, the savepoint of the nested transaction undoes the partial insert and the
        // full plan below tells a retry from a clash.
        try {
          return insertAll(streamId, events, current + 1, head.link);
        } catch (error) {
          if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
        }
      }
      const plan = planAppend(streamId, events, expected, current, storedWithIds(events));
      if (plan.kind === 'already-written') return nothingWritten(plan.result);
      if (events.length === 0)
        return nothingWritten({ nextExpectedVersion: current, lastGlobalPosition: 0n, written: false });
      return insertAll(streamId, events, plan.firstVersion, head.link);
    },
  );

  // The group's transaction is immediate: it takes the write lock before any version is read, so
  // two processes cannot both pass an expected-version check.
  const appendGrouped = groupCommit(db, appendSync);

  // Statements are prepared once: preparing costs more than running them on the hot paths.
  const selectAfter = db.prepare(
    `SELECT ${COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
  );
  const selectForwards = db.prepare(
    `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version ASC LIMIT ?`,
  );
  const selectBackwards = db.prepare(
    `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND stream_version <= ? ORDER BY stream_version DESC LIMIT ?`,
  );
  // As stored, not upcast: the chain covers what was written.
  const selectChained = db.prepare(
    `SELECT event_id, stream_id, stream_version, type, data, metadata, schema_version, occurred_at, chain_hash
       FROM events WHERE stream_id = ? ORDER BY stream_version`,
  );
  const selectCheckpoint = db.prepare('SELECT position FROM checkpoints WHERE name = ?');
  const upsertCheckpoint = db.prepare(
    'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
  );

  const selectHead = db.prepare('SELECT max(global_position) AS head FROM events');
  // substr() keeps the planner on the rowid order instead of the stream_id index plus a sort.
  const filteredSelects = new Map<number, Database.Statement>();
  const selectFiltered = (prefixCount: number): Database.Statement => {
    let select = filteredSelects.get(prefixCount);
    if (!select) {
      const matches = Array.from(
        { length: prefixCount },
        (_, i) => `substr(stream_id, 1, length(@p${i})) = @p${i}`,
      );
      select = db.prepare(
        `SELECT ${COLUMNS} FROM events WHERE global_position > @after AND global_position <= @until
          AND (${matches.join(' OR ')}) ORDER BY global_position LIMIT @limit`,
      );
      filteredSelects.set(prefixCount, select);
    }
    return select;
  };

  const tail = new TailCache(toEvent);

  const readAll = async (o: ReadAllOptions = {}): Promise<RecordedEvent[]> => {
    // Live subscriptions read up to the head they saw: usually just appended here, so cached.
    if (o.until !== undefined) {
      const cached = tail.read({
        after: o.after ?? 0n,
        until: o.until,
        maxCount: o.maxCount ?? -1,
        streamPrefixes: o.streamPrefixes ?? [''],
      });
      if (cached) return cached;
    }
    if (o.streamPrefixes === undefined && o.until === undefined)
      return (selectAfter.all(o.after ?? 0n, o.maxCount ?? -1) as Row[]).map(toEvent);
    // Without prefixes a match-everything prefix keeps one statement shape.
    const prefixes = o.streamPrefixes ?? [''];
    if (prefixes.length === 0) return [];
    const select = selectFiltered(prefixes.length);
    const parameters: Record<string, unknown> = {
      after: o.after ?? 0n,
      until: o.until ?? BigInt(Number.MAX_SAFE_INTEGER),
      limit: o.maxCount ?? -1,
    };
    prefixes.forEach((prefix, i) => (parameters[`p${i}`] = prefix));
    const rows = select.all(parameters) as Row[];
    return rows.map(toEvent);
  };
  const headPosition = async (): Promise<bigint> => (selectHead.get() as { head: bigint | null }).head ?? 0n;

  // The head live subscriptions read up to: the database's, asked at most twice per poll interval,
  // or this process's last append when later. A wake-up by our own append (hundreds a second per
  // subscription under load) then costs no query; another process's appends are seen at the next
  // poll, as they were before, since only a poll could notice them.
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  let polledHead = 0n;
  let polledAt = Number.NEGATIVE_INFINITY;
  const liveHead = async (): Promise<bigint> => {
    const now = performance.now();
    // Half the interval: a poll's timer may fire a little before a whole interval has passed.
    if (now - polledAt >= pollIntervalMs / 2) {
      polledHead = await headPosition();
      polledAt = now;
    }
    const own = tail.lastPosition();
    return own !== undefined && BigInt(own) > polledHead ? BigInt(own) : polledHead;
  };

  // Walks the (stream_id, stream_version) index from the page's start; the prefix's upper bound
  // ends the range scan (stream ids compare bytewise, so the prefix with its last character
  // incremented bounds every id that starts with it).
  const selectByStream = db.prepare(
    `SELECT ${COLUMNS} FROM events
      WHERE (stream_id, stream_version) > (@stream, @version) AND stream_id < @upper
        AND substr(stream_id, 1, length(@prefix)) = @prefix AND global_position <= @until
      ORDER BY stream_id, stream_version LIMIT @limit`,
  );
  const readByStream = async (o: ReadByStreamOptions): Promise<RecordedEvent[]> => {
    const after = o.after ?? { streamId: o.streamPrefix, streamVersion: 0 };
    const rows = selectByStream.all({
      stream: after.streamId,
      version: after.streamVersion,
      upper: prefixUpperBound(o.streamPrefix),
      prefix: o.streamPrefix,
      until: o.until,
      limit: o.maxCount,
    }) as Row[];
    return rows.map(toEvent);
  };

  const store: SqliteEventStore = {
    async append(streamId, events, expected) {
      const { result, rows } = await appendGrouped(streamId, events, expected);
      // Settled in commit order (a group's calls in turn, a lone call at once), so rows arrive in order.
      tail.add(rows);
      if (result.written) notifier.notify();
      return result;
    },
    async readStream(streamId, o: ReadStreamOptions = {}) {
      const backwards = o.direction === 'backwards';
      const from = o.fromVersion ?? (backwards ? Number.MAX_SAFE_INTEGER : 1);
      const select = backwards ? selectBackwards : selectForwards;
      return (select.all(streamId, from, o.maxCount ?? -1) as Row[]).map(toEvent);
    },
    readAll,
    readByStream,
    headPosition,
    subscribeToAll(o: SubscribeOptions): Subscription {
      const sub = pollingSubscription({ readAll, headPosition: liveHead, notifier, pollIntervalMs }, o);
      subscriptions.add(sub);
      void sub.done.finally(() => subscriptions.delete(sub)).catch(() => undefined);
      return sub;
    },
    async streamVersion(streamId) {
      return streamVersion(streamId);
    },
    async verifyStream(streamId) {
      const rows = selectChained.all(streamId) as ChainedSqliteRow[];
      return verifyChain(
        streamId,
        rows.map((r) => ({
          eventId: r.event_id,
          streamId: r.stream_id,
          streamVersion: Number(r.stream_version),
          type: r.type,
          schemaVersion: Number(r.schema_version),
          occurredAt: Number(r.occurred_at),
          data: JSON.parse(r.data) as unknown,
          metadata: JSON.parse(r.metadata) as unknown,
          chainHash: r.chain_hash,
        })),
        options.chainKey,
      );
    },
    async getStreamMetadata(streamId) {
      const r = db.prepare('SELECT metadata FROM streams WHERE stream_id = ?').get(streamId) as
        { metadata: string } | undefined;
      return r ? (JSON.parse(r.metadata) as StreamMetadata) : undefined;
    },
    async setStreamMetadata(streamId, metadata) {
      db.prepare(
        'INSERT INTO streams (stream_id, metadata) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET metadata = excluded.metadata',
      ).run(streamId, JSON.stringify(metadata));
    },
    async close() {
      // Running subscriptions would otherwise read from a closed database.
      await Promise.allSettled([...subscriptions].map((sub) => sub.stop()));
      db.close();
    },
    checkpoints: {
      async load(name) {
        const r = selectCheckpoint.get(name) as { position: string } | undefined;
        return r ? BigInt(r.position) : undefined;
      },
      async save(name, position) {
        upsertCheckpoint.run(name, position.toString());
      },
    },
  };
  return Promise.resolve(store);
}

/** The least string above every string that starts with `prefix` (bytewise); none for `''`. */
function prefixUpperBound(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  // No prefix, or one ending in a character with no successor: no bound but the prefix test.
  if (prefix.length === 0 || last >= 0xd7ff) return '\u{10ffff}\u{10ffff}';
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
