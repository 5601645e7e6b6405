import { directory as dir, parseDefinitionYaml } from '@baton/domain';
import {
  exactVersion,
  noStream,
  openSqliteEventStore,
  type AppendResult,
  type EventStore,
  type NewEvent,
} from '@baton/eventstore';
import type { DefinitionVersionPublishedData } from '@baton/event-wire';
import { toNewEvents } from '@baton/service-kit';
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import {
  directoryFor,
  ReferenceSimulation,
  referenceProcesses,
  type ReferenceProcess,
  type SimulatedDirectory,
} from './reference-simulation';

// Fills an embedded (SQLite) event store as the four services would have: the directory (ownership),
// each reference definition published twice (definition), then instances of all five processes
// with their business-key claims (execution), in business-time order. Appends go through the
// store adapter, concurrently, so its group commit batches them as it batches a busy host's.

const DAY = 86_400_000;

export interface GeneratedStore {
  readonly events: number;
  readonly instanceEvents: number;
  readonly instances: number;
  readonly commands: number;
  readonly refusedCommands: number;
  readonly businessDays: number;
  readonly seconds: number;
}

export interface GenerateOptions {
  /** Stop once the store holds at least this many events. */
  readonly events: number;
  readonly seed?: number;
  /** Business time of the first instance. Default 2026-01-05T00:00Z. */
  readonly from?: number;
  /** Days of history the events should span (sets the arrival rate). Default 120. */
  readonly days?: number;
  readonly onProgress?: (events: number) => void;
}

/** About how many events an instance records (measured on the simulation). */
const EVENTS_PER_INSTANCE = 19;

export async function generateStore(file: string, options: GenerateOptions): Promise<GeneratedStore> {
  const started = performance.now();
  const from = options.from ?? Date.UTC(2026, 0, 5);
  const days = options.days ?? 120;
  const processes = referenceProcesses(from - DAY, from + (days / 2) * DAY);
  const directory = directoryFor(
    processes.map((p) => parse(p.versions[0]?.text ?? '')),
    8,
  );
  const store = await openSqliteEventStore({ file });
  const writer = new Writer(store);
  try {
    await writeDirectory(writer, directory, from - 2 * DAY);
    const publications = processes.flatMap((p) => p.versions.map((v) => ({ process: p, ...v })));
    publications.sort((a, b) => a.at - b.at);
    const simulation = new ReferenceSimulation({
      seed: options.seed ?? 7,
      from,
      instancesPerDay: Math.max(1, options.events / EVENTS_PER_INSTANCE / days),
      processes,
      directory,
    });
    let instanceEvents = 0;
    let lastProgress = 0;
    for (const append of simulation.appends()) {
      while (publications[0] && publications[0].at <= simulation.now) {
        const p = publications.shift() as (typeof publications)[number];
        writer.append(
          `definition-${p.process.id}`,
          publishedEvents(p.process, p.version, p.text, p.at),
          p.version - 1,
        );
      }
      if (append.kind === 'instance') {
        writer.append(
          `instance-${append.instanceId}`,
          toNewEvents(append.events, {
            tenantId: 'default',
            actor: append.actor,
            correlationId: append.instanceId,
          }),
          append.expectedVersion,
        );
        instanceEvents += append.events.length;
      } else {
        const stream = `execution-business-key-${append.definitionId}-${sha256(append.businessKey)}`;
        writer.append(
          stream,
          [
            {
              eventId: uuidv7(),
              type: 'InstanceKeyClaimed',
              data: { instanceId: append.instanceId },
              occurredAt: new Date(append.at),
              metadata: { tenantId: 'default', actor: 'system:triggers' },
            },
          ],
          0,
        );
      }
      if (writer.pending >= 512) await writer.flush();
      if (writer.events >= options.events) break;
      if (writer.events - lastProgress >= 50_000) {
        lastProgress = writer.events;
        options.onProgress?.(writer.events);
      }
    }
    await writer.flush();
    return {
      events: writer.events,
      instanceEvents,
      instances: simulation.counts.instances,
      commands: simulation.counts.commands,
      refusedCommands: simulation.counts.refused,
      businessDays: Math.round(((simulation.now - from) / DAY) * 10) / 10,
      seconds: Math.round(performance.now() - started) / 1000,
    };
  } finally {
    await store.close();
  }
}

/** Appends without waiting for each one (the store's group commit batches them); in call order. */
class Writer {
  private inFlight: Promise<AppendResult>[] = [];
  events = 0;
  constructor(private readonly store: EventStore) {}
  get pending(): number {
    return this.inFlight.length;
  }
  append(streamId: string, events: readonly NewEvent[], expectedVersion: number): void {
    this.inFlight.push(
      this.store.append(streamId, events, expectedVersion === 0 ? noStream : exactVersion(expectedVersion)),
    );
    this.events += events.length;
  }
  async flush(): Promise<void> {
    const batch = this.inFlight;
    this.inFlight = [];
    await Promise.all(batch);
  }
}

function parse(text: string) {
  const parsed = parseDefinitionYaml(text);
  if (!parsed.ok) throw new Error('reference process does not parse');
  return parsed.definition;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function publishedEvents(process: ReferenceProcess, version: number, text: string, at: number): NewEvent[] {
  const data: DefinitionVersionPublishedData = {
    definitionId: process.id,
    version,
    contentSha256: sha256(text),
    source: { format: 'yaml', text },
    findings: [],
    changeNote: version === 1 ? `reference process ${process.id}` : 'redesign: faster pickup',
  };
  return [
    {
      eventId: uuidv7(),
      type: 'DefinitionVersionPublished',
      data,
      occurredAt: new Date(at),
      metadata: { tenantId: 'default', actor: 'seed' },
    },
  ];
}

/** The people, teams and roles as ownership records them: one directory stream. */
async function writeDirectory(writer: Writer, directory: SimulatedDirectory, at: number): Promise<void> {
  const commands: dir.DirectoryCommand[] = [];
  const meta = (key: string) => ({ now: at, idempotencyKey: key });
  const people = new Set<string>([
    ...[...directory.teams.values()].flat(),
    ...[...directory.roles.values()].flat(),
    ...directory.dataPeople,
  ]);
  for (const personId of people)
    commands.push({
      type: 'RegisterPerson',
      data: { personId, name: personId },
      metadata: meta(`p:${personId}`),
    });
  for (const [role, holders] of directory.roles)
    for (const personId of holders)
      commands.push({ type: 'GrantRole', data: { personId, role }, metadata: meta(`r:${role}:${personId}`) });
  for (const [teamId, members] of directory.teams) {
    commands.push({ type: 'CreateTeam', data: { teamId, name: teamId }, metadata: meta(`t:${teamId}`) });
    for (const personId of members)
      commands.push({
        type: 'AddMember',
        data: { teamId, personId },
        metadata: meta(`m:${teamId}:${personId}`),
      });
  }
  let state = dir.initialDirectoryState;
  let version = 0;
  for (const command of commands) {
    const events = dir.decide(command, state);
    state = events.reduce(dir.evolve, state);
    writer.append(
      dir.DIRECTORY_STREAM,
      toNewEvents(events, { tenantId: 'default', actor: 'system:seed' }),
      version,
    );
    version += events.length;
  }
  await writer.flush();
}
