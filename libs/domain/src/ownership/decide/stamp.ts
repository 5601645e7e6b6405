import type { CommandMetadata } from '../commands';

/** Envelope fields every event takes from its command: business time and the idempotency key. */
export function stamp(metadata: CommandMetadata): { at: number; idempotencyKey?: string } {
  return metadata.idempotencyKey !== undefined
    ? { at: metadata.now, idempotencyKey: metadata.idempotencyKey }
    : { at: metadata.now };
}
