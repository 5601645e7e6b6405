import {
  batchDelivery,
  type BatchHandler,
  type BusSubscription,
  type IncomingMessage,
  type MessageBus,
  type OutgoingMessage,
  type SubscribeOptions,
} from '../port/message-bus.port';
import { partitionFor } from './partition-for';
import { PartitionLog } from './partition-log';

/** Options of {@link InProcessMessageBus}. */
export interface InProcessBusOptions {
  /** Partitions per topic: keys spread over them like Kafka's (order is kept per key). Default 1. */
  readonly partitions?: number;
  /** Pause before redelivering a message whose handler rejected. Default 100 ms. */
  readonly redeliveryDelayMs?: number;
  /** Called when a handler rejects (the message is then redelivered). */
  readonly onHandlerError?: (error: unknown, message: IncomingMessage) => void;
}

interface Group {
  readonly offsets: number[];
  readonly members: Member[];
  readonly pumping: boolean[];
}

interface Member {
  readonly id: number;
  readonly deliver: BatchHandler;
  readonly maxBatchSize: number;
  readonly lingerMs: number;
  /** The delivery in progress, so `stop` can wait for it like a Kafka consumer does. */
  inFlight?: Promise<void>;
}

interface Topic {
  readonly log: PartitionLog[];
  readonly groups: Map<string, Group>;
}

/**
 * The embedded-mode bus: topics are in-memory partitioned logs, so it keeps the Kafka
 * semantics consumers rely on (per-key order, every group sees every message, offsets advance
 * only after the handler resolves, a rejected message is redelivered). Durability comes from
 * the event store, which the relay replays from its checkpoint after a restart.
 *
 * Retention: messages are kept until {@link allGroupsSubscribed} is called; from then on a
 * message is released once every group of its topic has consumed it (a topic nobody reads
 * keeps nothing). A group that joins later with `fromBeginning` starts at the earliest
 * message still retained, as on Kafka after retention deleted older ones.
 */
export class InProcessMessageBus implements MessageBus {
  private readonly topics = new Map<string, Topic>();
  private readonly partitions: number;
  private readonly redeliveryDelayMs: number;
  private nextMemberId = 1;
  private closed = false;
  private releasing = false;

  constructor(private readonly options: InProcessBusOptions = {}) {
    this.partitions = options.partitions ?? 1;
    this.redeliveryDelayMs = options.redeliveryDelayMs ?? 100;
  }

  async publish(topicName: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('the in-process message bus is closed');
    const topic = this.topic(topicName);
    for (const message of messages) {
      const partition = partitionFor(message.key, this.partitions);
      (topic.log[partition] as PartitionLog).append((offset) => ({
        ...{},
        ...message,
        headers: { ...message.headers },
        topic: topicName,
        partition,
        offset: String(offset),
      }));
    }
    if (topic.groups.size === 0) this.releaseConsumed(topic);
    for (const group of topic.groups.values()) this.wake(topic, group);
  }

  /**
   * Tells the bus that every consumer group that is to read from the beginning has subscribed,
   * so messages all groups consumed can be released. Until then every message is kept: a host
   * whose publishers start before its consumers (Nest bootstraps module by module) calls this
   * once all of them have started.
   */
  allGroupsSubscribed(): void {
    this.releasing = true;
    for (const topic of this.topics.values()) this.releaseConsumed(topic);
  }

  /** Messages some consumer group has not consumed yet (what the slowest groups hold back). */
  backlog(): number {
    let behind = 0;
    for (const topic of this.topics.values()) {
      topic.log.forEach((log, partition) => {
        behind += log.end - consumedByAll(topic, partition);
      });
    }
    return behind;
  }

  async subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    if (this.closed) throw new Error('the in-process message bus is closed');
    const topic = this.topic(options.topic);
    let group = topic.groups.get(options.groupId);
    if (!group) {
      group = {
        offsets: topic.log.map((log) => (options.fromBeginning ? log.start : log.end)),
        members: [],
        pumping: topic.log.map(() => false),
      };
      topic.groups.set(options.groupId, group);
    }
    const member: Member = { id: this.nextMemberId++, ...batchDelivery(options) };
    group.members.push(member);
    this.wake(topic, group);
    const joined = group;
    return {
      stop: async () => {
        const index = joined.members.findIndex((m) => m.id === member.id);
        if (index >= 0) joined.members.splice(index, 1);
        await member.inFlight?.catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const topic of this.topics.values())
      for (const group of topic.groups.values()) group.members.length = 0;
  }

  private topic(name: string): Topic {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = {
        log: Array.from({ length: this.partitions }, () => new PartitionLog()),
        groups: new Map(),
      };
      this.topics.set(name, topic);
    }
    return topic;
  }

  private wake(topic: Topic, group: Group): void {
    for (let partition = 0; partition < this.partitions; partition++) {
      if (group.pumping[partition]) continue;
      group.pumping[partition] = true;
      void this.pump(topic, group, partition);
    }
  }

  /**
   * Delivers one partition to one group, one message (or one batch, for a batch handler) at a
   * time: that is what keeps key order.
   */
  private async pump(topic: Topic, group: Group, partition: number): Promise<void> {
    const log = topic.log[partition] as PartitionLog;
    let lingered = false;
    for (;;) {
      const offset = group.offsets[partition] as number;
      // Like Kafka's assignment: a partition belongs to one member of the group at a time.
      const member = group.members[partition % Math.max(group.members.length, 1)];
      const batch: IncomingMessage[] = [];
      for (let next = log.at(offset); member && next && batch.length < member.maxBatchSize;) {
        batch.push(next);
        next = log.at(offset + batch.length);
      }
      if (!member || this.closed || batch.length === 0) {
        // Cleared in the same turn the loop found nothing to do, so the next publish starts a pump.
        group.pumping[partition] = false;
        return;
      }
      if (!lingered && batch.length < member.maxBatchSize && member.lingerMs > 0) {
        // Publishes meanwhile find this pump running and leave their messages to it.
        lingered = true;
        await new Promise((resolve) => setTimeout(resolve, member.lingerMs));
        continue;
      }
      lingered = false;
      try {
        member.inFlight = member.deliver(batch);
        await member.inFlight;
        group.offsets[partition] = offset + batch.length;
        this.releaseConsumed(topic);
      } catch (error) {
        this.options.onHandlerError?.(error, batch[0] as IncomingMessage);
        await new Promise((resolve) => setTimeout(resolve, this.redeliveryDelayMs));
      }
    }
  }

  /** Releases what every group of the topic has consumed (everything when it has no group). */
  private releaseConsumed(topic: Topic): void {
    if (!this.releasing) return;
    topic.log.forEach((log, partition) => log.releaseBefore(consumedByAll(topic, partition)));
  }
}

/** The offset before which every group of the topic has consumed the partition (its end when none reads it). */
function consumedByAll(topic: Topic, partition: number): number {
  let consumed = (topic.log[partition] as PartitionLog).end;
  for (const group of topic.groups.values())
    consumed = Math.min(consumed, group.offsets[partition] as number);
  return consumed;
}
