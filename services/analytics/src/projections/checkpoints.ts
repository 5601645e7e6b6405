import type { ReadModelReader, ReadModelTx, TableSpec } from '../read-model-store/read-model-store.port';

/**
 * Where each projection got to, written in the transaction of the updates it covers:
 * - source `store`: every event at or before this store position is applied (a rebuild sets it);
 * - source `<topic>/<partition>`: the highest position applied from that partition (a partition
 *   carries each event after every earlier one of its streams, so anything at or below it that
 *   comes again is a redelivery).
 */
export const CHECKPOINTS: TableSpec = {
  name: 'checkpoints',
  columns: { projection: 'text', source: 'text', position: 'bigint' },
  primaryKey: ['projection', 'source'],
};

/** The source a rebuild records: the whole store up to a position. */
export const STORE_SOURCE = 'store';

/**
 * A marker, not a position: the projection ran before some of its tables existed (an upgrade
 * added them), so they miss its history; it stays stopped until a rebuild's swap removes this.
 */
export const NEEDS_REBUILD_SOURCE = 'needs-rebuild';

export const partitionSource = (topic: string, partition: number): string => `${topic}/${partition}`;

/** A projection's checkpoints by source. */
export async function loadCheckpoints(
  reader: ReadModelReader,
  projection: string,
): Promise<Map<string, bigint>> {
  const rows = await reader.range(CHECKPOINTS, { where: { projection } });
  return new Map(rows.map((row) => [row['source'] as string, row['position'] as bigint]));
}

export async function saveCheckpoint(
  tx: ReadModelTx,
  projection: string,
  source: string,
  position: bigint,
): Promise<void> {
  await tx.put(CHECKPOINTS, [{ projection, source, position }]);
}

/** Events at or below this were applied already: the higher of the store's and the source's checkpoint. */
export function appliedThrough(checkpoints: ReadonlyMap<string, bigint>, source: string): bigint {
  const store = checkpoints.get(STORE_SOURCE) ?? 0n;
  const own = checkpoints.get(source) ?? 0n;
  return store > own ? store : own;
}
