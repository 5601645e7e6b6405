import type { instance } from '@baton/domain';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InstantFormat } from '../export/instant-format';
import type { HistoryEvent } from '../export/instance-history';
import { instanceOcel } from '../export/ocel-mapping';
import {
  OCEL_BETWEEN_OBJECTS_AND_EVENTS,
  OCEL_DOCUMENT_END,
  ocelDocumentStart,
  ocelRecord,
  sharedObjects,
} from '../export/ocel-document';
import type { LogWriter } from './export-log';
import { TextSink } from './text-sink';

/** One temporary file of comma-separated records. */
class Spool {
  private count = 0;
  readonly sink: TextSink;

  private constructor(
    readonly file: string,
    private readonly stream: WriteStream,
  ) {
    this.sink = new TextSink(stream);
  }

  static create(file: string): Spool {
    return new Spool(file, createWriteStream(file, { highWaterMark: 256 * 1024 }));
  }

  /** Closes the file without waiting for what is unwritten (the export failed). */
  destroy(): void {
    this.stream.destroy();
  }

  get empty(): boolean {
    return this.count === 0;
  }

  async add(records: readonly string[]): Promise<void> {
    if (records.length === 0) return;
    await this.sink.write((this.count === 0 ? '' : ',\n') + records.join(',\n'));
    this.count += records.length;
  }
}

/**
 * Writes OCEL 2.0 JSON while reading instances one at a time. The document starts with the
 * object and event types, and event types name steps, so they are known only at the end: each
 * instance's objects and events go to two temporary files, and `finish` writes the types, then
 * copies the objects (and adds the people and teams), then the events.
 */
export class OcelSpool implements LogWriter {
  private readonly people = new Map<string, Set<string>>();
  private readonly teams = new Set<string>();
  private readonly eventTypes = new Map<string, instance.InstanceEventType>();

  private constructor(
    private readonly out: TextSink,
    private readonly time: InstantFormat,
    private readonly dir: string,
    private readonly objects: Spool,
    private readonly events: Spool,
  ) {}

  static async open(out: TextSink, time: InstantFormat, tempDir = tmpdir()): Promise<OcelSpool> {
    const dir = await mkdtemp(join(tempDir, 'baton-ocel-'));
    return new OcelSpool(
      out,
      time,
      dir,
      Spool.create(join(dir, 'objects.json')),
      Spool.create(join(dir, 'events.json')),
    );
  }

  begin(): Promise<void> {
    return Promise.resolve();
  }

  async instance(history: readonly HistoryEvent[]): Promise<number> {
    const mapped = instanceOcel(history, this.time);
    for (const [personId, memberOf] of mapped.people) {
      let known = this.people.get(personId);
      if (!known) this.people.set(personId, (known = new Set()));
      for (const teamId of memberOf) known.add(teamId);
    }
    for (const teamId of mapped.teams) this.teams.add(teamId);
    for (const [name, type] of mapped.eventTypes) this.eventTypes.set(name, type);
    await this.objects.add(mapped.objects.map(ocelRecord));
    await this.events.add(mapped.events.map(ocelRecord));
    return mapped.events.length;
  }

  async finish(): Promise<void> {
    await this.objects.sink.end();
    await this.events.sink.end();
    await this.out.write(ocelDocumentStart(this.eventTypes));
    await this.copy(this.objects.file);
    const shared = sharedObjects(this.people, this.teams).map(ocelRecord);
    if (shared.length > 0) await this.out.write((this.objects.empty ? '' : ',\n') + shared.join(',\n'));
    await this.out.write(OCEL_BETWEEN_OBJECTS_AND_EVENTS);
    await this.copy(this.events.file);
    await this.out.write(OCEL_DOCUMENT_END);
  }

  async dispose(): Promise<void> {
    this.objects.destroy();
    this.events.destroy();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async copy(file: string): Promise<void> {
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
      await this.out.write(chunk as Buffer);
    }
  }
}
