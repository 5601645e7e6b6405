import type { executionV1 } from '@baton/contracts';
import { describeError } from '../errors';
import { duration } from '../format';

/** What the demo did, counted as it goes; rendered live and as the final summary. */
export class DemoStats {
  started = 0;
  startedByTrigger = 0;
  completed = 0;
  cancelled = 0;
  failed = 0;
  abandoned = 0;
  stopped = 0;
  triggers = 0;
  reworks = 0;
  races = 0;
  /** Transitions the demo's commands caused, as their responses report them. */
  transitionCount = 0;
  /** Events recorded in the streams of the instances that ended (their stream versions). */
  recordedEvents = 0;
  readonly errors = new Map<string, number>();
  readonly lastErrors: string[] = [];
  readonly perDefinition = new Map<string, { started: number; completed: number }>();
  private window: { at: number; count: number }[] = [];

  constructor(private readonly startedAt: number) {}

  transitions(n: number): void {
    this.transitionCount += n;
  }

  race(): void {
    this.races++;
  }

  error(error: unknown): void {
    const view = describeError(error);
    const key = view.reason ? `${view.status} ${view.reason}` : view.status;
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
    this.lastErrors.push(`${key}: ${view.message}`);
    if (this.lastErrors.length > 5) this.lastErrors.shift();
  }

  instanceStarted(definitionId: string, byTrigger: boolean): void {
    this.started++;
    if (byTrigger) this.startedByTrigger++;
    this.definition(definitionId).started++;
  }

  instanceEnded(instance: executionV1.Instance): void {
    this.recordedEvents += Number(instance.streamVersion) || 0;
    if (instance.state === 2) {
      this.completed++;
      this.definition(instance.definitionId).completed++;
    } else if (instance.state === 3) this.cancelled++;
    else this.failed++;
  }

  get errorCount(): number {
    return [...this.errors.values()].reduce((a, b) => a + b, 0);
  }

  /** Transitions per second over the last few seconds (live) . */
  recentRate(now: number): number {
    this.window.push({ at: now, count: this.transitionCount });
    this.window = this.window.filter((w) => now - w.at <= 5_000);
    const first = this.window[0];
    if (!first || now - first.at < 250) return this.overallRate(now);
    return ((this.transitionCount - first.count) * 1000) / (now - first.at);
  }

  overallRate(now: number): number {
    const elapsed = now - this.startedAt;
    return elapsed > 0 ? (this.transitionCount * 1000) / elapsed : 0;
  }

  /** One progress line for a terminal. */
  line(now: number, target: number): string {
    return (
      `instances ${this.started}/${target} started, ${this.completed} completed` +
      `${this.cancelled ? `, ${this.cancelled} cancelled` : ''}${this.failed ? `, ${this.failed} failed` : ''}` +
      ` | ${this.transitionCount} transitions, ${this.recentRate(now).toFixed(0)}/s` +
      ` | reworks ${this.reworks} | errors ${this.errorCount} | ${duration(now - this.startedAt)}`
    );
  }

  summary(now: number): DemoSummary {
    return {
      elapsedMs: now - this.startedAt,
      instances: {
        started: this.started,
        startedByTrigger: this.startedByTrigger,
        completed: this.completed,
        cancelled: this.cancelled,
        failed: this.failed,
        unfinished: this.stopped + this.abandoned,
      },
      transitions: this.transitionCount,
      transitionsPerSecond: Math.round(this.overallRate(now) * 10) / 10,
      recordedEventsOfEndedInstances: this.recordedEvents,
      triggersPublished: this.triggers,
      reworks: this.reworks,
      racesRetried: this.races,
      errors: Object.fromEntries(this.errors),
      lastErrors: [...this.lastErrors],
      perDefinition: Object.fromEntries(this.perDefinition),
    };
  }

  private definition(id: string) {
    let entry = this.perDefinition.get(id);
    if (!entry) this.perDefinition.set(id, (entry = { started: 0, completed: 0 }));
    return entry;
  }
}

export interface DemoSummary {
  readonly elapsedMs: number;
  readonly instances: {
    started: number;
    startedByTrigger: number;
    completed: number;
    cancelled: number;
    failed: number;
    unfinished: number;
  };
  readonly transitions: number;
  readonly transitionsPerSecond: number;
  readonly recordedEventsOfEndedInstances: number;
  readonly triggersPublished: number;
  readonly reworks: number;
  readonly racesRetried: number;
  readonly errors: Record<string, number>;
  readonly lastErrors: string[];
  readonly perDefinition: Record<string, { started: number; completed: number }>;
}

export function summaryText(s: DemoSummary): string {
  const i = s.instances;
  const lines = [
    `demo finished in ${duration(s.elapsedMs)}`,
    `  instances:   ${i.started} started (${i.startedByTrigger} by trigger), ${i.completed} completed, ${i.cancelled} cancelled, ${i.failed} failed, ${i.unfinished} unfinished`,
    `  transitions: ${s.transitions} (${s.transitionsPerSecond}/s); ${s.recordedEventsOfEndedInstances} events recorded for ended instances`,
    `  triggers:    ${s.triggersPublished} published; reworks/rejections: ${s.reworks}; races retried: ${s.racesRetried}`,
    ...Object.entries(s.perDefinition).map(
      ([id, d]) => `  ${id.padEnd(22)} ${d.started} started, ${d.completed} completed`,
    ),
  ];
  const errors = Object.entries(s.errors);
  lines.push(
    errors.length === 0
      ? '  errors:      none'
      : `  errors:      ${errors.map(([k, n]) => `${k} ×${n}`).join(', ')}`,
  );
  for (const e of s.lastErrors) lines.push(`    ${e}`);
  return lines.join('\n');
}
