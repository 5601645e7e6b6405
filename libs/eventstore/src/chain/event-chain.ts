import { createHmac, hash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';

/**
 * Tamper evidence: every stored event carries a hash that covers its content and the hash of the
 * event before it in its stream, so editing, removing or reordering a stored event breaks the
 * chain from there on. With a key the links are HMACs: someone who can write to the database but
 * does not hold the key cannot forge a chain that verifies.
 */

/** What a link covers: the event as stored, not as upcast on read. */
export interface ChainedContent {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  /** Milliseconds since the epoch. */
  readonly occurredAt: number;
  readonly data: unknown;
  readonly metadata: unknown;
}

/** A stored event with its link (null: recorded before the store chained events). */
export type ChainedRow = ChainedContent & { readonly chainHash: string | null };

/** Where a stream's chain first fails. */
export interface ChainProblem {
  readonly streamVersion: number;
  /** `altered`: content or link changed; `missing`: a version is absent; `unchained`: a link removed. */
  readonly kind: 'altered' | 'missing' | 'unchained';
  readonly reason: string;
}

/** The outcome of recomputing one stream's chain. */
export interface StreamChainReport {
  readonly streamId: string;
  /** Events read. */
  readonly events: number;
  /** Events whose link was recomputed and matched, up to the first problem. */
  readonly verified: number;
  /** Leading events recorded before the store chained events: nothing to check them against. */
  readonly unchained: number;
  readonly firstProblem?: ChainProblem;
}

// Sorted keys at every level: PostgreSQL's jsonb hands objects back in an order of its own.
const canonicalJson = configure({ deterministic: true, circularValue: TypeError, bigint: false });

/** The link of one event: over its content and the previous event's link ('' for the first). */
export function chainHash(previous: string | null, content: ChainedContent, key?: string): string {
  const covered = canonicalJson([
    previous ?? '',
    content.eventId,
    content.streamId,
    content.streamVersion,
    content.type,
    content.schemaVersion,
    content.occurredAt,
    content.data,
    content.metadata,
  ]);
  // The one-shot hash costs half of a Hash object's (0.8 against 1.7 µs for a 400-byte event).
  if (key === undefined) return hash('sha256', covered ?? '', 'hex');
  return createHmac('sha256', key)
    .update(covered ?? '')
    .digest('hex');
}

/** The links of events appended in order after a stream's last link (`previous`). */
export function chainHashes(
  previous: string | null,
  contents: readonly ChainedContent[],
  key?: string,
): string[] {
  const links: string[] = [];
  let last = previous;
  for (const content of contents) {
    last = chainHash(last, content, key);
    links.push(last);
  }
  return links;
}

/**
 * Recomputes a stream's chain from its stored rows (in version order) and reports the first
 * event that does not match. Deleting a stream's last events leaves a shorter chain that still
 * verifies: the stream's version known elsewhere (read models, the caller) must be compared.
 */
export function verifyChain(streamId: string, rows: Iterable<ChainedRow>, key?: string): StreamChainReport {
  let events = 0;
  let verified = 0;
  let unchained = 0;
  let previous: string | null = null;
  let problem: ChainProblem | undefined;
  for (const row of rows) {
    events += 1;
    if (problem) continue;
    const expectedVersion = events;
    if (row.streamVersion !== expectedVersion) {
      problem = {
        streamVersion: expectedVersion,
        kind: 'missing',
        reason: `version ${expectedVersion} is missing (the next stored event is version ${row.streamVersion})`,
      };
      continue;
    }
    if (row.chainHash === null) {
      if (verified === 0) {
        unchained += 1;
        continue;
      }
      problem = {
        streamVersion: row.streamVersion,
        kind: 'unchained',
        reason: `version ${row.streamVersion} has no link although earlier events have`,
      };
      continue;
    }
    const recomputed = chainHash(previous, row, key);
    if (recomputed !== row.chainHash) {
      problem = {
        streamVersion: row.streamVersion,
        kind: 'altered',
        reason: `version ${row.streamVersion} does not match its link: its content, or an earlier link, was changed`,
      };
      continue;
    }
    previous = row.chainHash;
    verified += 1;
  }
  return { streamId, events, verified, unchained, ...(problem ? { firstProblem: problem } : {}) };
}
