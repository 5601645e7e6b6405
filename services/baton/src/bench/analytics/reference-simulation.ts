import {
  DomainError,
  instance,
  parseDefinitionYaml,
  type DataField,
  type DataRecord,
  type DefinitionVersion,
  type OwnerSpec,
  type ProcessDefinition,
  type Step,
} from '@baton/domain';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// A discrete-event simulation of the five reference processes (examples/*.yaml), driven through
// the instance decider exactly as the execution and ownership services drive it: every command
// goes through `instance.decide` against the state folded with `instance.evolve`, so the events
// are the ones Baton would record. Time is business time; instances of all processes interleave
// in time order, as a live store holds them. Deterministic for a seed.
//
// What happens to a step: a team or role owner is assigned by policy a second or two after the
// activation (a manual-claim team's member claims it when picking up), a data-field owner is the
// person named in the data; 10% are reassigned before pickup; pickup and work times are
// log-normal per team (minutes to days); a step still open at its deadline is marked overdue and
// escalated along its chain (a `reassign` level hands it to the role named). Approvals are
// sometimes declined or returned (rework loops), the billing system sometimes rejects an invoice
// (RevOps reconciles it), payments arrive around the invoice due date, renewal timers fire when
// due, and some instances are withdrawn. Version 2 of each definition (published half-way)
// speeds up one step's pickup: a redesign to compare.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A small, fast, seeded generator (mulberry32). */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A reference process as published: its source text and the parsed versions. */
export interface ReferenceProcess {
  readonly id: string;
  readonly versions: readonly { readonly version: number; readonly text: string; readonly at: number }[];
  /** Share of the instances started. */
  readonly weight: number;
}

/** The examples directory, from the repository root. */
export const EXAMPLES_DIR = join(__dirname, '..', '..', '..', '..', '..', 'examples');

const WEIGHTS: Readonly<Record<string, number>> = {
  'order-to-cash': 0.32,
  'budget-approval': 0.2,
  'vendor-management': 0.16,
  'employee-onboarding': 0.16,
  'client-lifecycle': 0.16,
};

/** Version 1 at `from`, version 2 (a changed description: a republished redesign) at `redesignAt`. */
export function referenceProcesses(from: number, redesignAt: number): ReferenceProcess[] {
  return Object.keys(WEIGHTS).map((id) => {
    const text = readFileSync(join(EXAMPLES_DIR, `${id}.yaml`), 'utf8');
    const v2 = text.replace(/^description: (.*)$/m, 'description: $1 (redesigned for a faster pickup)');
    return {
      id,
      weight: WEIGHTS[id] as number,
      versions: [
        { version: 1, text, at: from },
        { version: 2, text: v2, at: redesignAt },
      ],
    };
  });
}

function parse(text: string): ProcessDefinition {
  const parsed = parseDefinitionYaml(text);
  if (!parsed.ok) throw new Error(`reference process does not parse: ${parsed.errors[0]?.message}`);
  return parsed.definition;
}

/** The people the simulation assigns: team members, role holders, people named in data. */
export interface SimulatedDirectory {
  readonly teams: ReadonlyMap<string, readonly string[]>;
  readonly roles: ReadonlyMap<string, readonly string[]>;
  /** Requesters, hiring managers, sales owners, department heads: named in start data. */
  readonly dataPeople: readonly string[];
}

/** Every team and role the definitions name, with `teamSize` members each (roles: two holders). */
export function directoryFor(
  definitions: readonly ProcessDefinition[],
  teamSize: number,
): SimulatedDirectory {
  const teams = new Map<string, string[]>();
  const roles = new Map<string, string[]>();
  const visit = (owner: OwnerSpec | undefined) => {
    if (owner?.kind === 'team' && !teams.has(owner.teamId))
      teams.set(
        owner.teamId,
        Array.from({ length: teamSize }, (_, i) => `${owner.teamId}.${String(i + 1).padStart(2, '0')}`),
      );
    if (owner?.kind === 'role' && !roles.has(owner.role))
      roles.set(owner.role, [`${owner.role}.lead`, `${owner.role}.deputy`]);
  };
  for (const d of definitions) {
    visit(d.owner);
    for (const s of d.steps) {
      visit(s.owner);
      s.escalations.forEach((e) => visit(e.to));
    }
    d.handoffs.forEach((h) => visit(h.owner));
  }
  const dataPeople = Array.from({ length: 60 }, (_, i) => `employee.${String(i + 1).padStart(3, '0')}`);
  return { teams, roles, dataPeople };
}

/** One append the services would make: an instance command's events, or a start's key claim. */
export type SimulatedAppend =
  | {
      readonly kind: 'instance';
      readonly instanceId: string;
      /** The stream's version before these events. */
      readonly expectedVersion: number;
      readonly events: readonly instance.InstanceEvent[];
      readonly actor: string;
    }
  | {
      readonly kind: 'business-key-claim';
      readonly definitionId: string;
      readonly businessKey: string;
      readonly instanceId: string;
      readonly at: number;
    };

type Kind =
  | 'arrive'
  | 'assign'
  | 'reassign'
  | 'pickup'
  | 'finish'
  | 'overdue'
  | 'escalate'
  | 'automated-start'
  | 'automated-finish'
  | 'correlate'
  | 'fire'
  | 'cancel';

interface Live {
  readonly id: string;
  readonly process: string;
  readonly version: DefinitionVersion;
  state: instance.InstanceState;
  streamVersion: number;
  commands: number;
  readonly planned: Set<string>;
}

interface Action {
  readonly at: number;
  readonly seq: number;
  readonly kind: Kind;
  readonly live?: Live;
  readonly activationId?: string;
  readonly level?: number;
  readonly person?: string;
}

/** A binary min-heap of actions by (time, sequence). */
class Agenda {
  private readonly items: Action[] = [];
  get size(): number {
    return this.items.length;
  }
  push(action: Action): void {
    const a = this.items;
    a.push(action);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i] as Action, a[parent] as Action)) break;
      [a[i], a[parent]] = [a[parent] as Action, a[i] as Action];
      i = parent;
    }
  }
  pop(): Action | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l] as Action, a[m] as Action)) m = l;
        if (r < a.length && before(a[r] as Action, a[m] as Action)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as Action, a[i] as Action];
        i = m;
      }
    }
    return top;
  }
}
const before = (x: Action, y: Action) => x.at < y.at || (x.at === y.at && x.seq < y.seq);

/** Median pickup time per team (slow teams make the bottlenecks the queries should find). */
const PICKUP_MEDIAN: Readonly<Record<string, number>> = {
  legal: 20 * HOUR,
  'fp-and-a': 10 * HOUR,
  'finance-billing': 6 * HOUR,
  fulfilment: 5 * HOUR,
  'it-service-desk': 8 * HOUR,
  'client-operations': 14 * HOUR,
};

export interface SimulationOptions {
  readonly seed: number;
  /** Business time of the first arrival. */
  readonly from: number;
  /** Instances started per day (arrivals are a Poisson process). */
  readonly instancesPerDay: number;
  readonly processes: readonly ReferenceProcess[];
  readonly directory: SimulatedDirectory;
}

/** Counts of what the simulation did. */
export interface SimulationCounts {
  instances: number;
  commands: number;
  refused: number;
  events: number;
}

/**
 * Runs the simulation; `appends` yields the services' appends in business-time order, forever
 * (the caller stops when it has enough). Instances still running then stay running.
 */
export class ReferenceSimulation {
  readonly counts: SimulationCounts = { instances: 0, commands: 0, refused: 0, events: 0 };
  private readonly random: () => number;
  private readonly agenda = new Agenda();
  private seq = 0;
  private readonly versions: { process: ReferenceProcess; parsed: DefinitionVersion[] }[];
  private readonly roundRobin = new Map<string, number>();
  private readonly out: SimulatedAppend[] = [];

  constructor(private readonly options: SimulationOptions) {
    this.random = randomSource(options.seed);
    this.versions = options.processes.map((process) => ({
      process,
      parsed: process.versions.map((v) => ({ definition: parse(v.text), version: v.version })),
    }));
    this.schedule({ at: options.from, kind: 'arrive' });
  }

  /** Business time of the next action. */
  get now(): number {
    return this.nextAt;
  }
  private nextAt = 0;

  *appends(): Generator<SimulatedAppend> {
    for (;;) {
      const action = this.agenda.pop();
      if (!action) return;
      this.nextAt = action.at;
      this.perform(action);
      while (this.out.length > 0) yield this.out.shift() as SimulatedAppend;
    }
  }

  // ---- randomness ----

  private chance(p: number): boolean {
    return this.random() < p;
  }
  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }
  /** Log-normal around a median (sigma in natural-log units). */
  private logNormal(median: number, sigma: number): number {
    const u = Math.max(this.random(), 1e-12);
    const v = this.random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.round(median * Math.exp(sigma * z));
  }
  private exponential(mean: number): number {
    return Math.round(-Math.log(Math.max(this.random(), 1e-12)) * mean);
  }

  private schedule(action: Omit<Action, 'seq'>): void {
    this.agenda.push({ ...action, seq: this.seq++ });
  }

  // ---- the actions ----

  private perform(action: Action): void {
    if (action.kind === 'arrive') return this.arrive(action.at);
    const live = action.live as Live;
    if (live.state.status !== 'running') return;
    const activation = action.activationId ? live.state.activations[action.activationId] : undefined;
    if (action.activationId && !activation) return; // ended meanwhile (cancelled, completed)
    const step = activation
      ? live.version.definition.steps.find((s) => s.id === activation.stepId)
      : undefined;
    const id = action.activationId as string;
    const at = action.at;
    switch (action.kind) {
      case 'cancel':
        this.decide(live, { type: 'CancelInstance', data: { reason: 'withdrawn by the requester' } }, at);
        return;
      case 'assign': {
        if (activation?.status !== 'activated') return;
        const person = action.person as string;
        if (
          this.decide(
            live,
            {
              type: 'AssignStep',
              data: {
                activationId: id,
                personId: person,
                reason: step?.policy ?? 'direct',
                ...this.teamOf(step),
              },
            },
            at,
            'system:ownership',
          )
        ) {
          if (step?.kind === 'wait-for-event') return;
          if (this.chance(0.1)) {
            this.schedule({ at: at + this.logNormal(2 * HOUR, 1), kind: 'reassign', live, activationId: id });
          } else this.schedulePickup(live, step as Step, id, at, person);
        }
        return;
      }
      case 'reassign': {
        if (activation?.status !== 'assigned') return;
        const others = this.candidates(live, step as Step).filter((p) => p !== activation.assigneeId);
        const to = others.length > 0 ? this.pick(others) : activation.assigneeId;
        if (
          this.decide(
            live,
            { type: 'ReassignStep', data: { activationId: id, toPersonId: to, reason: 'workload' } },
            at,
            'system:ownership',
          )
        )
          this.schedulePickup(live, step as Step, id, at, to);
        return;
      }
      case 'pickup': {
        if (activation?.status === 'started') return;
        const claim = activation?.status === 'activated' ? { personId: action.person as string } : {};
        if (
          this.decide(live, { type: 'StartStep', data: { activationId: id, ...claim } }, at, action.person)
        ) {
          const work = this.logNormal(step?.kind === 'approval' ? 40 * MINUTE : 90 * MINUTE, 0.9);
          this.schedule({
            at: at + work,
            kind: 'finish',
            live,
            activationId: id,
            person: action.person as string,
          });
        }
        return;
      }
      case 'finish':
        if (activation?.status !== 'started') return;
        this.finish(live, step as Step, id, at, activation.assigneeId ?? (action.person as string));
        return;
      case 'automated-start':
        if (
          this.decide(
            live,
            { type: 'StartStep', data: { activationId: id } },
            at,
            `system:${(step as { system?: string }).system ?? 'worker'}`,
          )
        )
          this.schedule({
            at: at + this.logNormal(20_000, 1),
            kind: 'automated-finish',
            live,
            activationId: id,
          });
        return;
      case 'automated-finish':
        if (step?.id === 'issue-invoice' && this.chance(0.08)) {
          this.decide(
            live,
            {
              type: 'FailStep',
              data: { activationId: id, reason: 'invoice does not match the order', errorCode: 'MISMATCH' },
            },
            at,
            'system:billing-system',
          );
        } else {
          this.decide(
            live,
            {
              type: 'CompleteStep',
              data: { activationId: id, output: this.outputs(live, step as Step, at) },
            },
            at,
            'system:worker',
          );
        }
        return;
      case 'correlate': {
        const waiting = step as Extract<Step, { kind: 'wait-for-event' }>;
        const data = live.state.data;
        this.decide(
          live,
          {
            type: 'CorrelateTrigger',
            data: {
              type: waiting.event,
              correlationKey: String(data[waiting.correlationKey]),
              payload: this.fields(waiting.requires, at),
            },
          },
          at,
          'system:payments',
        );
        return;
      }
      case 'fire':
        this.decide(live, { type: 'FireTimer', data: { activationId: id } }, at, 'system:scheduler');
        return;
      case 'overdue':
        if (activation?.overdueSince !== undefined) return;
        if (
          this.decide(live, { type: 'MarkStepOverdue', data: { activationId: id } }, at, 'system:scheduler')
        ) {
          const first = step?.escalations[0];
          if (first)
            this.schedule({ at: at + first.afterMs, kind: 'escalate', live, activationId: id, level: 1 });
        }
        return;
      case 'escalate': {
        const level = action.level as number;
        const chain = step?.escalations[level - 1];
        if (!chain) return;
        const to =
          chain.to.kind === 'role'
            ? this.pick(this.options.directory.roles.get(chain.to.role) ?? [])
            : undefined;
        if (
          !this.decide(
            live,
            { type: 'EscalateStep', data: { activationId: id, level, ...(to ? { toPersonId: to } : {}) } },
            at,
            'system:ownership',
          )
        )
          return;
        const next = step?.escalations[level];
        if (next)
          this.schedule({
            at: (activation?.overdueSince ?? at) + next.afterMs,
            kind: 'escalate',
            live,
            activationId: id,
            level: level + 1,
          });
        const now = live.state.status === 'running' ? live.state.activations[id] : undefined;
        if (chain.action === 'reassign' && to && now && now.status !== 'activated' && now.assigneeId !== to) {
          this.decide(
            live,
            {
              type: 'ReassignStep',
              data: { activationId: id, toPersonId: to, reason: `escalation level ${level}` },
            },
            at,
            'system:ownership',
          );
          if (now.status === 'assigned') this.schedulePickup(live, step as Step, id, at, to);
        }
        return;
      }
    }
  }

  private arrive(at: number): void {
    const { processes } = this.options;
    let r = this.random();
    const chosen = this.versions.find(({ process }) => (r -= process.weight) < 0) ?? this.versions[0];
    const { process, parsed } = chosen as (typeof this.versions)[number];
    const versionIndex = process.versions.findLastIndex((v) => v.at <= at);
    const version = parsed[Math.max(versionIndex, 0)] as DefinitionVersion;
    const n = ++this.counts.instances;
    const id = instanceIdAt(at, n);
    const live: Live = {
      id,
      process: process.id,
      version,
      state: instance.initialInstanceState(),
      streamVersion: 0,
      commands: 0,
      planned: new Set(),
    };
    const data = this.startData(version.definition, at, n);
    const businessKey = String(data[version.definition.triggers[0]?.correlationKey ?? ''] ?? id);
    this.out.push({ kind: 'business-key-claim', definitionId: process.id, businessKey, instanceId: id, at });
    const triggerType = version.definition.triggers[0]?.event;
    this.decide(
      live,
      {
        type: 'StartInstance',
        data: {
          instanceId: id,
          definition: version,
          businessKey,
          data,
          ...(triggerType ? { triggerType } : {}),
        },
      },
      at,
      'system:triggers',
    );
    if (this.chance(0.03)) this.schedule({ at: at + this.exponential(4 * DAY), kind: 'cancel', live });
    const perDay = this.options.instancesPerDay * (processes.length > 0 ? 1 : 0);
    this.schedule({ at: at + Math.max(1, this.exponential(DAY / perDay)), kind: 'arrive' });
  }

  /** Decides one command; on success records and plans the new activations. */
  private decide(
    live: Live,
    command: { type: instance.InstanceCommandType; data: unknown },
    at: number,
    actor = 'system',
  ): boolean {
    this.counts.commands++;
    const full = {
      ...command,
      metadata: { now: at, idempotencyKey: `${live.id}:${++live.commands}`, actor },
    } as instance.InstanceCommand;
    let events: instance.InstanceEvent[];
    try {
      events = instance.decide(full, live.state, live.version.definition);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.counts.refused++;
      return false;
    }
    if (events.length === 0) return false;
    this.out.push({
      kind: 'instance',
      instanceId: live.id,
      expectedVersion: live.streamVersion,
      events,
      actor,
    });
    live.state = instance.evolveAll(live.state, events);
    live.streamVersion += events.length;
    this.counts.events += events.length;
    if (live.state.status === 'running') this.plan(live, at);
    return true;
  }

  /** Schedules what happens to each activation that appeared. */
  private plan(live: Live, at: number): void {
    if (live.state.status !== 'running') return;
    for (const activation of Object.values(live.state.activations)) {
      if (live.planned.has(activation.activationId)) continue;
      live.planned.add(activation.activationId);
      const step = live.version.definition.steps.find((s) => s.id === activation.stepId) as Step;
      const id = activation.activationId;
      if (activation.dueAt !== undefined && step.kind !== 'timer')
        this.schedule({ at: Math.max(at, activation.dueAt), kind: 'overdue', live, activationId: id });
      switch (step.kind) {
        case 'timer':
          this.schedule({ at: Math.max(at, activation.dueAt ?? at), kind: 'fire', live, activationId: id });
          break;
        case 'automated':
          this.schedule({
            at: at + this.logNormal(3_000, 1),
            kind: 'automated-start',
            live,
            activationId: id,
          });
          break;
        case 'wait-for-event': {
          const due = Date.parse(String(live.state.data['invoiceDueDate'] ?? '')) || at + 30 * DAY;
          this.assignLater(live, step, id, at);
          this.schedule({
            at: Math.max(at + HOUR, due + this.logNormal(2 * DAY, 1.2) - 4 * DAY),
            kind: 'correlate',
            live,
            activationId: id,
          });
          break;
        }
        default:
          this.assignLater(live, step, id, at);
      }
    }
  }

  private assignLater(live: Live, step: Step, id: string, at: number): void {
    const candidates = this.candidates(live, step);
    if (step.policy === 'manual-claim' && step.kind !== 'wait-for-event') {
      // Nobody is assigned: a member claims it when picking it up.
      this.schedulePickup(live, step, id, at, this.pick(candidates));
      return;
    }
    const person =
      step.owner?.kind === 'team' && step.policy === 'round-robin'
        ? this.nextInTurn(step.owner.teamId, candidates)
        : this.pick(candidates);
    this.schedule({
      at: at + 200 + Math.floor(this.random() * 2_000),
      kind: 'assign',
      live,
      activationId: id,
      person,
    });
  }

  private schedulePickup(live: Live, step: Step, id: string, at: number, person: string): void {
    const team = step.owner?.kind === 'team' ? step.owner.teamId : '';
    let median = PICKUP_MEDIAN[team] ?? 3 * HOUR;
    // The redesign: version 2 halves the pickup of each process's slowest team.
    if (live.version.version >= 2 && PICKUP_MEDIAN[team] !== undefined) median /= 2;
    this.schedule({ at: at + this.logNormal(median, 1.1), kind: 'pickup', live, activationId: id, person });
  }

  private finish(live: Live, step: Step, id: string, at: number, person: string): void {
    const meta = person;
    if (step.kind === 'approval') {
      const [yes, no] = step.outcomes as [string, string];
      const refusal = step.id === 'finance-review' ? 0.2 : step.id === 'review-contract' ? 0.25 : 0.06;
      if (this.chance(refusal)) {
        this.decide(
          live,
          { type: 'RejectStep', data: { activationId: id, reason: 'see comments', outcome: no } },
          at,
          meta,
        );
        return;
      }
      this.decide(
        live,
        {
          type: 'CompleteStep',
          data: { activationId: id, outcome: yes, output: this.outputs(live, step, at), personId: person },
        },
        at,
        meta,
      );
      return;
    }
    if (step.id === 'onboard-client' && this.chance(0.1)) {
      this.decide(
        live,
        { type: 'RejectStep', data: { activationId: id, reason: 'success plan unclear' } },
        at,
        meta,
      );
      return;
    }
    this.decide(
      live,
      {
        type: 'CompleteStep',
        data: { activationId: id, output: this.outputs(live, step, at), personId: person },
      },
      at,
      meta,
    );
  }

  private teamOf(step: Step | undefined): { teamId?: string } {
    return step?.owner?.kind === 'team' ? { teamId: step.owner.teamId } : {};
  }

  private candidates(live: Live, step: Step): readonly string[] {
    const { directory } = this.options;
    const owner = step.owner;
    if (owner?.kind === 'team') return directory.teams.get(owner.teamId) ?? ['nobody'];
    if (owner?.kind === 'role') return directory.roles.get(owner.role) ?? ['nobody'];
    if (owner?.kind === 'person') return [owner.personId];
    if (owner?.kind === 'data-field' && live.state.status === 'running')
      return [String(live.state.data[owner.field] ?? 'nobody')];
    return ['nobody'];
  }

  private nextInTurn(team: string, members: readonly string[]): string {
    const turn = this.roundRobin.get(team) ?? 0;
    this.roundRobin.set(team, turn + 1);
    return members[turn % members.length] as string;
  }

  // ---- data ----

  private startData(definition: ProcessDefinition, at: number, n: number): DataRecord {
    const key = `${definition.id
      .split('-')
      .map((w) => w[0]?.toUpperCase())
      .join('')}-${n}`;
    const data: Record<string, unknown> = { ...this.fields(definition.triggers[0]?.requires ?? [], at) };
    const correlation = definition.triggers[0]?.correlationKey;
    if (correlation) data[correlation] = key;
    const people = this.options.directory.dataPeople;
    for (const field of ['requesterId', 'departmentHeadId', 'hiringManagerId', 'salesOwnerId', 'requestedBy'])
      if (field in data) data[field] = this.pick(people);
    if ('department' in data)
      data['department'] = this.pick(['engineering', 'engineering', 'sales', 'marketing', 'operations']);
    if ('startDate' in data) data['startDate'] = isoDate(at + (7 + Math.floor(this.random() * 28)) * DAY);
    if ('contractStartDate' in data) data['contractStartDate'] = isoDate(at + 7 * DAY);
    if ('renewalDate' in data)
      data['renewalDate'] = isoDate(at + (75 + Math.floor(this.random() * 300)) * DAY);
    return data as DataRecord;
  }

  private outputs(live: Live, step: Step, at: number): DataRecord {
    const out: Record<string, unknown> = { ...this.fields(step.outputs, at) };
    if ('invoiceDueDate' in out) out['invoiceDueDate'] = isoDate(at + 30 * DAY);
    if ('approvedAmount' in out && live.state.status === 'running')
      out['approvedAmount'] = Number(live.state.data['amount'] ?? 1000);
    return out as DataRecord;
  }

  private fields(fields: readonly DataField[], at: number): DataRecord {
    const data: Record<string, unknown> = {};
    for (const f of fields) data[f.name] = this.value(f, at);
    return data as DataRecord;
  }

  private value(field: DataField, at: number): unknown {
    switch (field.type) {
      case 'number':
        return Math.round(500 + this.random() * 50_000);
      case 'integer':
        return 2026;
      case 'boolean':
        return true;
      case 'date':
        return isoDate(at);
      case 'timestamp':
        return new Date(at).toISOString();
      case 'object':
        return { city: 'Lyon', country: 'FR' };
      case 'list':
        return [
          { sku: `SKU-${Math.floor(this.random() * 900)}`, quantity: 1 + Math.floor(this.random() * 9) },
        ];
      default:
        return `${field.name}-${Math.floor(this.random() * 1e6).toString(36)}`;
    }
  }
}

const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);

/** A UUIDv7-shaped instance id: its time is the start, then a counter (unique, sortable). */
export function instanceIdAt(at: number, n: number): string {
  const hex = at.toString(16).padStart(12, '0') + '7' + n.toString(16).padStart(19, '0');
  const h = hex.slice(0, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
