import type { RecordedEvent } from '../../port/event-store.port';

/** A committed event as its row was written: what the store would read back. */
export interface TailRow {
  readonly global_position: number;
  readonly event_id: string;
  readonly stream_id: string;
  readonly stream_version: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly schema_version: number;
  readonly occurred_at: number;
  readonly recorded_at: number;
}

interface Entry {
  readonly row: TailRow;
  /** Parsed on first read and shared by every reader (events are immutable values). */
  event?: RecordedEvent;
}

/** What a range read asks for, as the store's readAll takes it. */
export interface TailRange {
  readonly after: bigint;
  readonly until: bigint;
  readonly maxCount: number;
  readonly streamPrefixes: readonly string[];
}

/**
 * This process's latest appends, at consecutive positions, so the live subscriptions that follow
 * the store (relays, projections) read what was just written without querying and parsing it
 * once each. It answers a range only when it holds all of it: a gap (another process wrote in
 * between) empties it and reads fall back to the database.
 */
export class TailCache {
  private entries: Entry[] = [];
  private head = 0;

  constructor(
    private readonly toEvent: (row: TailRow) => RecordedEvent,
    private readonly capacity = 8192,
  ) {}

  /** Rows just committed, in commit order. */
  add(rows: readonly TailRow[]): void {
    const first = rows[0];
    if (!first) return;
    const last = this.lastPosition();
    if (last === undefined || first.global_position !== last + 1) {
      this.entries = [];
      this.head = 0;
    }
    for (const row of rows) this.entries.push({ row });
    const extra = this.entries.length - this.head - this.capacity;
    if (extra > 0) this.head += extra;
    // Dropping the released front only once it is as long as the rest keeps this amortised O(1).
    if (this.head >= this.capacity) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** The events in (after, until] whose stream starts with a prefix, or undefined unless all are held. */
  read(range: TailRange): RecordedEvent[] | undefined {
    const firstEntry = this.entries[this.head];
    const last = this.lastPosition();
    if (!firstEntry || last === undefined) return undefined;
    const from = Number(range.after) + 1;
    if (from < firstEntry.row.global_position || Number(range.until) > last) return undefined;
    const out: RecordedEvent[] = [];
    const end = this.head + Number(range.until) - firstEntry.row.global_position;
    for (let i = this.head + from - firstEntry.row.global_position; i <= end; i++) {
      if (range.maxCount >= 0 && out.length >= range.maxCount) break;
      const entry = this.entries[i] as Entry;
      if (!range.streamPrefixes.some((prefix) => entry.row.stream_id.startsWith(prefix))) continue;
      out.push((entry.event ??= this.toEvent(entry.row)));
    }
    return out;
  }

  /** The position of the latest append held (a committed one), if any. */
  lastPosition(): number | undefined {
    return this.entries.length > this.head
      ? (this.entries[this.entries.length - 1] as Entry).row.global_position
      : undefined;
  }
}
