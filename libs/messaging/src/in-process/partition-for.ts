import { createHash } from 'node:crypto';

/**
 * A stable key → partition mapping. Not Kafka's murmur2 (the in-process bus needs only
 * stability, not compatibility with Kafka's placement).
 */
export function partitionFor(key: string, partitions: number): number {
  if (partitions <= 1) return 0;
  return createHash('sha1').update(key).digest().readUInt32BE(0) % partitions;
}
