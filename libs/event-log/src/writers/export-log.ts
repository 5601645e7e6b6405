import { redactEventData, REDACT_ALL, type instance, type Redaction } from '@baton/domain';
import type { EventStore, RecordedEvent } from '@baton/eventstore';
import type { Writable } from 'node:stream';
import { definitionRedactions, type RedactionLookup } from '../export/definition-redactions';
import type { InstantFormat } from '../export/instant-format';
import type { HistoryEvent } from '../export/instance-history';
import { summarizeInstance } from '../export/instance-history';
import { stepEntries } from '../export/lifecycle-mapping';
import { XES_FOOTER, xesHeader, xesTrace } from '../export/xes-document';
import { OcelSpool } from './ocel-spool';
import { TextSink } from './text-sink';

/** The execution service's instance streams (`instance-<id>`). */
export const INSTANCE_STREAM_PREFIX = 'instance-';

export type ExportFormat = 'xes' | 'ocel';

/** Which instances to export, and how. */
export interface ExportLogOptions {
  readonly definitionId: string;
  /** Only instances started on this version. */
  readonly version?: number;
  /** Only instances started at or after this instant (epoch ms). */
  readonly since?: number;
  /** Only instances started before this instant (epoch ms). */
  readonly until?: number;
  /** Only instances started by this tenant (the `InstanceStarted` metadata). */
  readonly tenantId?: string;
  readonly format: ExportFormat;
  /** How times are written (a zone's offset); see `instantFormat`. */
  readonly time: InstantFormat;
  /** Instance-stream events read per query while looking for instance starts. Default 5,000. */
  readonly scanChunk?: number;
  /** OCEL only: where objects and events wait until the types are known. Default: the OS temp dir. */
  readonly tempDir?: string;
  /** Called after each exported instance, at most every `progressEvery` instances. */
  readonly onProgress?: (progress: ExportProgress) => void;
  readonly progressEvery?: number;
  /**
   * What to redact in each instance (its definition version's sensitive fields). Default: the
   * versions published in the exported store itself; a version not found redacts every value.
   */
  readonly redactions?: RedactionLookup;
}

export interface ExportProgress {
  /** Instances written so far. */
  readonly instances: number;
  /** Their stored events. */
  readonly events: number;
  /** Instance-stream events looked at while looking for starts. */
  readonly scanned: number;
}

export interface ExportResult extends ExportProgress {
  /** Instances whose definition version was not found: their data values and keys are redacted. */
  readonly withoutDefinition: number;
  /** Records written: XES events, or OCEL events. */
  readonly records: number;
  /** The store position the export is a snapshot of: nothing recorded after it is included. */
  readonly head: bigint;
}

/** What the export reads from an event store. */
export type ExportSource = Pick<EventStore, 'readAll' | 'readStream' | 'headPosition'>;

/**
 * Writes the history of one definition's instances as a standard event log (XES or OCEL 2.0
 * JSON) to `out`, then ends it. A snapshot at the store's head when the export began. Memory does
 * not grow with the number of instances: the instance streams are scanned in position order in
 * chunks, and each instance that matches is read from its own stream and written before the next
 * (OCEL also keeps the sets of people, teams and event types, which grow with the directory and
 * the definition, not with the instances). Traces come in the order the instances started.
 */
export async function exportLog(
  store: ExportSource,
  out: Writable,
  options: ExportLogOptions,
): Promise<ExportResult> {
  const sink = new TextSink(out);
  const head = await store.headPosition();
  const writer =
    options.format === 'xes'
      ? new XesWriter(sink, options)
      : await OcelSpool.open(sink, options.time, options.tempDir);
  const progress = { instances: 0, events: 0, scanned: 0, records: 0 };
  const redactions = options.redactions ?? definitionRedactions(store);
  let withoutDefinition = 0;
  const every = options.progressEvery ?? 100;
  const scanChunk = options.scanChunk ?? 5_000;
  try {
    await writer.begin();
    let after = 0n;
    while (after < head) {
      const chunk = await store.readAll({
        after,
        until: head,
        maxCount: scanChunk,
        streamPrefixes: [INSTANCE_STREAM_PREFIX],
      });
      progress.scanned += chunk.length;
      for (const started of chunk) {
        if (!matches(started, options)) continue;
        const { definitionId, definitionVersion } = started.data as instance.InstanceStarted['data'];
        const redaction = await redactions(started.metadata.tenantId, definitionId, definitionVersion);
        if (redaction === REDACT_ALL) withoutDefinition += 1;
        const history = (await store.readStream(started.streamId))
          .filter((e) => e.globalPosition <= head)
          .map((e) => historyEvent(e, redaction));
        progress.records += await writer.instance(history);
        progress.instances += 1;
        progress.events += history.length;
        if (progress.instances % every === 0) options.onProgress?.({ ...progress });
      }
      const last = chunk[chunk.length - 1];
      after = chunk.length < scanChunk || !last ? head : last.globalPosition;
    }
    await writer.finish();
  } finally {
    await writer.dispose();
  }
  await sink.end();
  options.onProgress?.({ ...progress });
  return { ...{}, ...progress, withoutDefinition, head };
}

function matches(event: RecordedEvent, options: ExportLogOptions): boolean {
  if (event.type !== 'InstanceStarted' || event.streamVersion !== 1) return false;
  const data = event.data as instance.InstanceStarted['data'];
  if (data.definitionId !== options.definitionId) return false;
  if (options.version !== undefined && data.definitionVersion !== options.version) return false;
  const at = event.occurredAt.getTime();
  if (options.since !== undefined && at < options.since) return false;
  if (options.until !== undefined && at >= options.until) return false;
  return options.tenantId === undefined || event.metadata.tenantId === options.tenantId;
}

/** An instance event as the formats map it, its sensitive values already redacted. */
const historyEvent = (e: RecordedEvent, redaction: Redaction): HistoryEvent => ({
  id: e.eventId,
  event: {
    type: e.type,
    data: redactEventData(redaction, e.data as object),
    at: e.occurredAt.getTime(),
  } as instance.InstanceEvent,
});

/** A format's writer: the document's start, one instance at a time, its end. */
export interface LogWriter {
  begin(): Promise<void>;
  /** Writes one instance; returns how many records (events) it wrote. */
  instance(history: readonly HistoryEvent[]): Promise<number>;
  finish(): Promise<void>;
  /** Releases what it holds (temporary files), whether it finished or not. */
  dispose(): Promise<void>;
}

class XesWriter implements LogWriter {
  constructor(
    private readonly sink: TextSink,
    private readonly options: ExportLogOptions,
  ) {}

  begin(): Promise<void> {
    const { definitionId, version } = this.options;
    const info = { definitionId, ...(version !== undefined ? { definitionVersion: version } : {}) };
    return this.sink.write(xesHeader(info, this.options.time));
  }

  async instance(history: readonly HistoryEvent[]): Promise<number> {
    const summary = summarizeInstance(history);
    if (!summary) return 0;
    const entries = stepEntries(history);
    await this.sink.write(xesTrace(summary, entries, this.options.time));
    return entries.length;
  }

  finish(): Promise<void> {
    return this.sink.write(XES_FOOTER);
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }
}
