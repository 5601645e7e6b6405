import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@baton/eventstore';
import { CLOCK, EVENT_STORE, type Clock } from '@baton/service-kit';
import { CalendarBook } from './calendars/calendar-book';
import { CalendarEventsConsumer } from './calendars/calendar-events.consumer';
import { TeamRoster } from './directory/team-roster';
import { TeamRosterConsumer } from './directory/team-roster.consumer';
import { InstanceStepHandler } from './commands/instance-step.command';
import { PublishTriggerHandler } from './commands/publish-trigger.command';
import { StartInstanceHandler } from './commands/start-instance.command';
import { DefinitionCatalog } from './definitions/definition-catalog';
import { DefinitionEventsConsumer } from './definitions/definition-events.consumer';
import { ExecutionGrpcController } from './execution.grpc-controller';
import { EXECUTION_OPTIONS, ExecutionLifecycle, type ExecutionOptions } from './execution.lifecycle';
import { ExecutionRelay } from './execution-relay';
import { InstanceRepository } from './instances/instance-repository';
import { InstanceStarter } from './instances/instance-starter';
import { GetInstanceHandler } from './queries/get-instance.query';
import { VerifyAuditTrailHandler } from './queries/verify-audit-trail.query';
import { ListInstancesHandler } from './queries/list-instances.query';
import { ListWorkHandler } from './queries/list-work.query';
import { InstanceReadModel } from './read-model/instance-read-model';
import { StoreProjection } from './read-model/store-projection';
import { HandoffDeadlineScheduler } from './timers/handoff-deadline-scheduler';
import { TimerScheduler } from './timers/timer-scheduler';
import { TriggerConsumer } from './triggers/trigger.consumer';
import { TriggerProcessor } from './triggers/trigger-processor';
import { InstanceTelemetry } from './telemetry/instance-telemetry';

function domainProviders(options: ExecutionOptions): Provider[] {
  return [
    { provide: EXECUTION_OPTIONS, useValue: options },
    { provide: DefinitionCatalog, useFactory: () => new DefinitionCatalog() },
    { provide: CalendarBook, useFactory: () => new CalendarBook() },
    { provide: TeamRoster, useFactory: () => new TeamRoster() },
    {
      provide: InstanceReadModel,
      useFactory: (c: DefinitionCatalog, calendars: CalendarBook) => new InstanceReadModel(c, calendars),
      inject: [DefinitionCatalog, CalendarBook],
    },
    {
      provide: InstanceRepository,
      useFactory: (
        store: EventStore,
        catalog: DefinitionCatalog,
        readModel: InstanceReadModel,
        calendars: CalendarBook,
        roster: TeamRoster,
      ) => {
        // Telemetry measures a command from the instance folded after it, as the read model gets it.
        const telemetry = new InstanceTelemetry(catalog);
        return new InstanceRepository(
          store,
          catalog,
          options.cacheSize ?? 10_000,
          (id, loaded) => {
            readModel.applyLocal(id, loaded);
            telemetry.written(id, loaded);
          },
          telemetry,
          calendars,
          roster,
        );
      },
      inject: [EVENT_STORE, DefinitionCatalog, InstanceReadModel, CalendarBook, TeamRoster],
    },
    {
      provide: InstanceStarter,
      useFactory: (store: EventStore, catalog: DefinitionCatalog, repo: InstanceRepository, clock: Clock) =>
        new InstanceStarter(store, catalog, repo, clock),
      inject: [EVENT_STORE, DefinitionCatalog, InstanceRepository, CLOCK],
    },
    {
      provide: TriggerProcessor,
      useFactory: (
        c: DefinitionCatalog,
        s: InstanceStarter,
        r: InstanceRepository,
        m: InstanceReadModel,
        clock: Clock,
      ) => new TriggerProcessor(c, s, r, m, clock),
      inject: [DefinitionCatalog, InstanceStarter, InstanceRepository, InstanceReadModel, CLOCK],
    },
  ];
}

/** The execution service: instance commands and queries, triggers, timers and its relay. */
@Module({})
export class ExecutionModule {
  static forRoot(options: ExecutionOptions = {}): DynamicModule {
    return {
      module: ExecutionModule,
      imports: [CqrsModule],
      providers: [
        ...domainProviders(options),
        StartInstanceHandler,
        InstanceStepHandler,
        PublishTriggerHandler,
        GetInstanceHandler,
        VerifyAuditTrailHandler,
        ListInstancesHandler,
        ListWorkHandler,
        StoreProjection,
        DefinitionEventsConsumer,
        CalendarEventsConsumer,
        TeamRosterConsumer,
        TriggerConsumer,
        TimerScheduler,
        HandoffDeadlineScheduler,
        ExecutionRelay,
        ExecutionLifecycle,
        ExecutionGrpcController,
      ],
      exports: [
        ExecutionGrpcController,
        TimerScheduler,
        HandoffDeadlineScheduler,
        DefinitionCatalog,
        InstanceReadModel,
      ],
    };
  }
}
