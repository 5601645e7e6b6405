import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import type {
  CheckpointStore,
  EventStore,
  ReadAllOptions,
  RecordedEvent,
  StreamMetadata,
  Subscription,
  Upcaster,
} from '../../port/event-store.port';
import { upcast } from '../shared/upcast';
import { fromRecorded, toEventData, toExpectedRevision, translateError } from './kurrentdb-mapping';

/** Options for {@link openKurrentDbEventStore}. */
export interface KurrentDbEventStoreOptions {
  /** A `kurrentdb://` or `esdb://` connection string (`+discover` variants too). */
  readonly connectionString: string;
  readonly upcasters?: readonly Upcaster[];
}

/** The KurrentDB store; checkpoints live in `baton-checkpoint-<name>` streams. */
export interface KurrentDbEventStore extends EventStore {
  readonly checkpoints: CheckpointStore;
}

type Resolved = ResolvedEvent | AllStreamResolvedEvent;

const CHECKPOINT_PREFIX = 'baton-checkpoint-';

/** `$all` also holds system events and this adapter's checkpoint streams: neither is Baton's. */
const isUserEvent = (e: RecordedEvent): boolean =>
  !e.type.startsWith('$') && !e.streamId.startsWith('$') && !e.streamId.startsWith(CHECKPOINT_PREFIX);

/** Collects a read, treating a missing stream as empty (the port has no "not found"). */
async function collect(read: AsyncIterable<Resolved>): Promise<Resolved[]> {
  const out: Resolved[] = [];
  try {
    for await (const r of read) out.push(r);
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return out;
}

/**
 * Opens a KurrentDB (EventStoreDB) store. Not verified against a server on the build machines
 * (none can run there): its spec runs the conformance suite only when KURRENTDB_URL is set.
 */
export async function openKurrentDbEventStore(
  options: KurrentDbEventStoreOptions,
): Promise<KurrentDbEventStore> {
  // The 6.x client only parses the older esdb:// scheme; the new server name's scheme is the same.
  const url = options.connectionString.replace(/^kurrentdb(\+discover)?:\/\//, 'esdb$1://');
  const client = EventStoreDBClient.connectionString(url);
  const upcasters = options.upcasters ?? [];
  const toEvents = (rs: Resolved[]): RecordedEvent[] =>
    rs.flatMap((r) => (r.event ? [upcast(fromRecorded(r.event), upcasters)] : []));
  const checkpointStream = (name: string): string => `${CHECKPOINT_PREFIX}${name}`;

  // Filters (prefixes, `until`) apply client-side: the 6.x client's readAll takes none.
  const readAll = async (o: ReadAllOptions = {}): Promise<RecordedEvent[]> => {
    const after = o.after;
    const fromPosition = after === undefined ? START : { commit: after, prepare: after };
    const filtered = o.streamPrefixes !== undefined || o.until !== undefined;
    // The read starts at `after` inclusive; one extra event covers the one skipped below.
    const maxCount = o.maxCount === undefined || filtered ? undefined : o.maxCount + 1;
    const all = toEvents(await collect(client.readAll({ fromPosition, direction: FORWARDS, maxCount })));
    const rest = all.filter(
      (e) =>
        isUserEvent(e) &&
        (after === undefined || e.globalPosition > after) &&
        (o.until === undefined || e.globalPosition <= o.until) &&
        (o.streamPrefixes === undefined || o.streamPrefixes.some((p) => e.streamId.startsWith(p))),
    );
    return o.maxCount === undefined ? rest : rest.slice(0, o.maxCount);
  };

  const headPosition = async (): Promise<bigint> => {
    const last = toEvents(
      await collect(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 100 })),
    ).find(isUserEvent);
    return last?.globalPosition ?? 0n;
  };

  return {
    async append(streamId, events, expected) {
      try {
        const now = new Date();
        const r = await client.appendToStream(
          streamId,
          events.map((e) => toEventData(e, now)),
          { expectedRevision: toExpectedRevision(expected) },
        );
        // KurrentDB drops an identical retry silently, so it cannot report `written: false`.
        return {
          nextExpectedVersion: Number(r.nextExpectedRevision) + 1,
          lastGlobalPosition: r.position?.commit ?? -1n,
          written: true,
        };
      } catch (error) {
        throw translateError(error, streamId, expected);
      }
    },
    async readStream(streamId, o = {}) {
      const backwards = o.direction === 'backwards';
      const fromRevision =
        o.fromVersion === undefined ? (backwards ? END : START) : BigInt(Math.max(o.fromVersion - 1, 0));
      const read = client.readStream(streamId, {
        fromRevision,
        direction: backwards ? BACKWARDS : FORWARDS,
        ...(o.maxCount === undefined ? {} : { maxCount: o.maxCount }),
      });
      return toEvents(await collect(read));
    },
    readAll,
    headPosition,
    subscribeToAll(o): Subscription {
      const sub = client.subscribeToAll({
        fromPosition: o.after === undefined ? START : { commit: o.after, prepare: o.after },
        filter: o.streamPrefixes
          ? streamNameFilter({ prefixes: [...o.streamPrefixes] })
          : excludeSystemEvents(),
      });
      if (o.onCaughtUp) sub.once('caughtUp', o.onCaughtUp);
      const done = (async () => {
        for await (const r of sub) {
          const event = r.event ? upcast(fromRecorded(r.event), upcasters) : undefined;
          // The subscription starts at the checkpoint inclusive.
          if (
            !event ||
            !isUserEvent(event) ||
            (o.after !== undefined && event.globalPosition <= o.after) ||
            (o.streamPrefixes && !o.streamPrefixes.some((p) => event.streamId.startsWith(p)))
          )
            continue;
          await o.handler(event);
        }
      })();
      return {
        done: done.catch(async (error: unknown) => {
          await sub.unsubscribe();
          throw error;
        }),
        async stop() {
          await sub.unsubscribe();
          await done.catch(() => undefined);
        },
      };
    },
    async streamVersion(streamId) {
      const [last] = await collect(
        client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 }),
      );
      return last?.event ? Number(last.event.revision) + 1 : 0;
    },
    async getStreamMetadata(streamId) {
      const r = await client.getStreamMetadata(streamId);
      return r.metadata ? (r.metadata as unknown as StreamMetadata) : undefined;
    },
    async setStreamMetadata(streamId, metadata) {
      await client.setStreamMetadata(streamId, metadata as Record<string, unknown>);
    },
    async close() {
      await client.dispose();
    },
    checkpoints: {
      async load(name) {
        const read = client.readStream(checkpointStream(name), {
          fromRevision: END,
          direction: BACKWARDS,
          maxCount: 1,
        });
        const [last] = toEvents(await collect(read));
        const position = (last?.data as { position?: string } | undefined)?.position;
        return position === undefined ? undefined : BigInt(position);
      },
      async save(name, position) {
        await client.setStreamMetadata(checkpointStream(name), { maxCount: 1 });
        const event = {
          eventId: randomUUID(),
          type: 'CheckpointSaved',
          data: { position: position.toString() },
        };
        await client.appendToStream(checkpointStream(name), [toEventData(event, new Date())]);
      },
    },
  };
}
