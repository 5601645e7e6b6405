import type { Kafka } from 'kafkajs';

/** A topic to create if missing. */
export interface TopicSpec {
  readonly topic: string;
  /** Partition count; keys spread over them. */
  readonly numPartitions: number;
  /** Default 1 (a single-broker cluster); production clusters pass 3. */
  readonly replicationFactor?: number;
}

/**
 * Creates the topics that do not exist yet and waits for their leaders, so the first publish
 * does not race topic creation. Existing topics are left as they are (partition counts are never
 * changed here: that would move keys between partitions and break per-key order).
 */
export async function ensureTopics(kafka: Kafka, topics: readonly TopicSpec[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.topic,
          numPartitions: t.numPartitions,
          replicationFactor: t.replicationFactor ?? 1,
        })),
      });
    } catch (error) {
      // Several services start together and race to create the same topics: losing is fine.
      const now = new Set(await admin.listTopics());
      if (!missing.every((t) => now.has(t.topic))) throw error;
    }
  } finally {
    await admin.disconnect();
  }
}
