import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CalendarEventsConsumer } from './calendars/calendar-events.consumer';
import { DefinitionEventsConsumer } from './definitions/definition-events.consumer';
import { TeamRosterConsumer } from './directory/team-roster.consumer';
import { ExecutionRelay } from './execution-relay';
import { DEFINITIONS_GROUP, TRIGGERS_GROUP } from './streams';
import { StoreProjection } from './read-model/store-projection';
import { HandoffDeadlineScheduler } from './timers/handoff-deadline-scheduler';
import { TimerScheduler } from './timers/timer-scheduler';
import { TriggerConsumer } from './triggers/trigger.consumer';

/** Options of the execution module's background work. */
export interface ExecutionOptions {
  /** Folded instances kept for the command path. Default 10,000. */
  readonly cacheSize?: number;
  /**
   * How often the timer and handoff SLA schedulers look for due timers and handoff alerts; 0 = only
   * their `tick()`. Default 1,000 ms.
   */
  readonly timerIntervalMs?: number;
  /** Attempts of a trigger before it is dead-lettered (malformed ones go at once). Default 5. */
  readonly triggerMaxAttempts?: number;
  /**
   * Consumer group ids; default `execution-definitions`, `execution-triggers` and, for calendars,
   * a new `execution-calendars-{uuid}` per process (every replica reads them all).
   */
  readonly groups?: {
    readonly definitions?: string;
    readonly triggers?: string;
    readonly calendars?: string;
  };
}

export const EXECUTION_OPTIONS = Symbol('EXECUTION_OPTIONS');

/**
 * Starts the background work in the order it depends on: the replay (catalog, calendars, read model)
 * first, then the definition and trigger consumers, timers and handoff deadlines, then the relay; stops in reverse.
 */
@Injectable()
export class ExecutionLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(EXECUTION_OPTIONS) private readonly options: ExecutionOptions,
    @Inject(StoreProjection) private readonly projection: StoreProjection,
    @Inject(DefinitionEventsConsumer) private readonly definitions: DefinitionEventsConsumer,
    @Inject(CalendarEventsConsumer) private readonly calendars: CalendarEventsConsumer,
    @Inject(TeamRosterConsumer) private readonly roster: TeamRosterConsumer,
    @Inject(TriggerConsumer) private readonly triggers: TriggerConsumer,
    @Inject(TimerScheduler) private readonly timers: TimerScheduler,
    @Inject(HandoffDeadlineScheduler) private readonly handoffDeadlines: HandoffDeadlineScheduler,
    @Inject(ExecutionRelay) private readonly relay: ExecutionRelay,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.projection.start();
    await this.definitions.start(this.options.groups?.definitions ?? DEFINITIONS_GROUP);
    await this.calendars.start(this.options.groups?.calendars);
    await this.roster.start();
    await this.triggers.start(
      this.options.triggerMaxAttempts ?? 5,
      this.options.groups?.triggers ?? TRIGGERS_GROUP,
    );
    this.timers.start(this.options.timerIntervalMs ?? 1_000);
    this.handoffDeadlines.start(this.options.timerIntervalMs ?? 1_000);
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.handoffDeadlines.stop();
    await this.timers.stop();
    await this.triggers.stop();
    await this.roster.stop();
    await this.calendars.stop();
    await this.definitions.stop();
    await this.projection.stop();
  }
}
