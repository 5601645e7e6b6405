import { commonV1, definitionV1, executionV1, ownershipV1 } from '@baton/contracts';
import { parseDefinitionYaml, type ProcessDefinition } from '@baton/domain';
import { status } from '@grpc/grpc-js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { BatonConnection } from '../connection';
import { isServiceError } from '../errors';
import { UsageError, type CliIo } from '../io';
import { seededRandom, startData, type DataContext } from './data';
import { driveInstance } from './driver';
import { DemoStats, type DemoSummary } from './stats';

export interface DemoOptions {
  readonly instances: number;
  readonly concurrency: number;
  readonly durationMs: number;
  readonly examplesDir: string;
  readonly seed: number;
  readonly reworkRate: number;
  /** Every n-th instance starts through its start trigger (PublishTrigger) instead of StartInstance. */
  readonly triggerEvery: number;
  readonly assignGraceMs: number;
  /** Progress lines (live on a TTY); not called with `--json`. */
  readonly progress?: (line: string, final: boolean) => void;
  /** Told what the setup did (published definitions, directory) before any instance starts. */
  readonly setupDone?: (setup: readonly string[]) => void;
}

export interface ReferenceProcess {
  readonly definition: ProcessDefinition;
  readonly file: string;
  readonly text: string;
}

/** The reference processes in `examples/*.yaml`, parsed with the domain's parser. */
export function loadReferenceProcesses(dir: string): ReferenceProcess[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort();
  } catch (error) {
    throw new UsageError(`cannot read the reference processes in ${dir}: ${(error as Error).message}`);
  }
  return files.map((name) => {
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8');
    const parsed = parseDefinitionYaml(text);
    if (!parsed.ok) throw new UsageError(`${file} does not parse: ${parsed.errors[0]?.message}`);
    return { definition: parsed.definition, file, text };
  });
}

/** Publishes the reference processes the server does not know yet; returns what it did per id. */
export async function ensurePublished(
  b: BatonConnection,
  processes: readonly ReferenceProcess[],
): Promise<string[]> {
  const notes: string[] = [];
  for (const p of processes) {
    try {
      const { definitionVersion: v } = await b.call(
        b.definition,
        b.definition.getDefinition,
        definitionV1.GetDefinitionRequest.fromPartial({
          definitionId: p.definition.id,
          view: definitionV1.DefinitionView.DEFINITION_VIEW_BASIC,
        }),
      );
      notes.push(`${p.definition.id}: version ${v?.version} already published`);
    } catch (error) {
      if (!isServiceError(error) || error.code !== status.NOT_FOUND) throw error;
      const { definitionVersion: v } = await b.call(
        b.definition,
        b.definition.publishDefinition,
        definitionV1.PublishDefinitionRequest.fromPartial({
          source: { format: definitionV1.SourceFormat.SOURCE_FORMAT_YAML, text: p.text },
          changeNote: 'published by baton demo',
          idempotencyKey: `baton-demo-${p.definition.id}`,
        }),
      );
      notes.push(`${p.definition.id}: published version ${v?.version}`);
    }
  }
  return notes;
}

/** People the directory knows (ListPeople), or none when the ownership service does not answer. */
async function knownPeople(b: BatonConnection): Promise<string[]> {
  try {
    const r = await b.call(
      b.ownership,
      b.ownership.listPeople,
      ownershipV1.ListPeopleRequest.fromPartial({ pageSize: 1000 }),
    );
    return r.people.map((p) => p.personId);
  } catch {
    return [];
  }
}

/**
 * Drives a bounded workload through the reference processes: publishes them if missing, starts
 * `instances` instances (at most `concurrency` at a time, round-robin over the processes, some by
 * their start trigger) and plays the people until each ends or `durationMs` passes.
 */
export async function runDemo(
  b: BatonConnection,
  io: CliIo,
  o: DemoOptions,
): Promise<DemoSummary & { setup: string[] }> {
  const processes = loadReferenceProcesses(o.examplesDir);
  if (processes.length === 0) throw new UsageError(`no reference processes (*.yaml) in ${o.examplesDir}`);
  const setup = await ensurePublished(b, processes);
  const people = await knownPeople(b);
  setup.push(
    people.length > 0
      ? `${people.length} people in the directory`
      : 'no directory answer: people are made up',
  );
  o.setupDone?.(setup);
  const started = io.now();
  const until = started + o.durationMs;
  const stats = new DemoStats(started);
  const random = seededRandom(o.seed);
  const runId = Date.now().toString(36);
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  let next = 0;

  const worker = async () => {
    while (next < o.instances && io.now() < until) {
      const n = next++;
      const process = processes[n % processes.length] as ReferenceProcess;
      const data: DataContext = {
        random,
        now: new Date(io.now()),
        serial: `${runId}-${String(n).padStart(4, '0')}`,
        people,
      };
      try {
        const instanceId = await startOne(
          b,
          process.definition,
          data,
          n % o.triggerEvery === o.triggerEvery - 1,
        );
        stats.instanceStarted(process.definition.id, n % o.triggerEvery === o.triggerEvery - 1);
        stats.transitions(2);
        const result = await driveInstance(b, instanceId, {
          definition: process.definition,
          data,
          reworkRate: o.reworkRate,
          assignGraceMs: o.assignGraceMs,
          until,
          stats,
          sleep,
          now: () => io.now(),
        });
        if (result === 'stopped') stats.stopped++;
        if (result === 'abandoned') stats.abandoned++;
      } catch (error) {
        stats.error(error);
        stats.abandoned++;
      }
    }
  };

  const ticker = o.progress
    ? setInterval(() => o.progress?.(stats.line(io.now(), o.instances), false), 250)
    : undefined;
  try {
    await Promise.all(Array.from({ length: Math.min(o.concurrency, o.instances) }, worker));
  } finally {
    if (ticker) clearInterval(ticker);
  }
  o.progress?.(stats.line(io.now(), o.instances), true);
  return { setup, ...stats.summary(io.now()) };
}

async function startOne(
  b: BatonConnection,
  definition: ProcessDefinition,
  data: DataContext,
  byTrigger: boolean,
): Promise<string> {
  const { key, data: initial } = startData(definition, data);
  const trigger = definition.triggers[0];
  if (byTrigger && trigger) {
    const r = await b.call(b.execution, b.execution.publishTrigger, {
      trigger: commonV1.TriggerEvent.fromPartial({
        type: trigger.event,
        correlationKey: key,
        idempotencyKey: randomUUID(),
        occurredAt: data.now,
        payload: initial,
        source: 'baton-demo',
      }),
    });
    const id = r.startedInstanceIds[0];
    if (!id)
      throw new Error(`trigger ${trigger.event} started no instance (${r.rejectionReason || r.disposition})`);
    return id;
  }
  const r = await b.call(
    b.execution,
    b.execution.startInstance,
    executionV1.StartInstanceRequest.fromPartial({
      definitionId: definition.id,
      businessKey: key,
      data: initial,
      idempotencyKey: `baton-demo-${data.serial}`,
    }),
  );
  if (!r.instance) throw new Error('StartInstance returned no instance');
  return r.instance.instanceId;
}
