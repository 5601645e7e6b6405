import type { IncomingMessage } from '../port/message-bus.port';

/** Released slots kept in the array before it is compacted: compaction copies what is left. */
const COMPACT_AFTER = 1024;

/**
 * One partition of an in-process topic: an append-only log whose oldest messages can be
 * released, like Kafka's log with its start offset moving on. Offsets keep counting from 0.
 */
export class PartitionLog {
  private messages: (IncomingMessage | undefined)[] = [];
  /** Index in `messages` of the message at offset `start`. */
  private head = 0;
  /** The earliest retained offset. */
  private first = 0;

  /** The earliest retained offset (Kafka's log start offset). */
  get start(): number {
    return this.first;
  }

  /** The offset the next message gets. */
  get end(): number {
    return this.first + this.messages.length - this.head;
  }

  append(message: (offset: number) => IncomingMessage): void {
    this.messages.push(message(this.end));
  }

  /** The message at `offset`, or undefined when it was released or not published yet. */
  at(offset: number): IncomingMessage | undefined {
    return offset < this.first ? undefined : this.messages[this.head + offset - this.first];
  }

  /** Releases every message before `offset`. */
  releaseBefore(offset: number): void {
    const count = Math.min(offset, this.end) - this.first;
    if (count <= 0) return;
    this.messages.fill(undefined, this.head, this.head + count);
    this.head += count;
    this.first += count;
    // Compacting only once the released slots outnumber the rest keeps it amortised O(1).
    if (this.head >= COMPACT_AFTER && this.head * 2 >= this.messages.length) {
      this.messages = this.messages.slice(this.head);
      this.head = 0;
    }
  }
}
