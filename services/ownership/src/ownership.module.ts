import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AssignmentWorker } from './assignment/assignment.worker';
import { CalendarRepository } from './calendars/calendar.repository';
import { CalendarsGrpcController } from './calendars/calendars.grpc-controller';
import { ChangeDirectoryHandler } from './commands/change-directory.handler';
import { DeadlineScheduler } from './deadlines/deadline-scheduler';
import { DirectoryRepository } from './directory/directory.repository';
import { ExecutionGateway } from './execution/execution-gateway';
import { OwnershipGrpcController } from './ownership.grpc-controller';
import { OWNERSHIP_OPTIONS, type OwnershipModuleOptions } from './ownership.options';
import { OwnershipRelay } from './ownership.relay';
import { GetWorkloadHandler } from './queries/get-workload.query';
import { GetPersonHandler, ListPeopleHandler } from './queries/people.queries';
import { GetTeamHandler, ListTeamsHandler } from './queries/teams.queries';
import { WhoOwnsHandler } from './queries/who-owns.query';
import { WorkProjection } from './work/work-projection';

/**
 * The ownership service: the directory (stream `directory`), the open-work read model, the
 * assignment worker and the deadline scheduler. Needs RuntimeModule (store, bus, clock).
 */
@Module({})
export class OwnershipModule {
  static forRoot(options: OwnershipModuleOptions = {}): DynamicModule {
    return {
      module: OwnershipModule,
      imports: [CqrsModule],
      providers: [
        { provide: OWNERSHIP_OPTIONS, useValue: options },
        DirectoryRepository,
        ExecutionGateway,
        WorkProjection,
        AssignmentWorker,
        DeadlineScheduler,
        OwnershipRelay,
        ChangeDirectoryHandler,
        GetPersonHandler,
        ListPeopleHandler,
        GetTeamHandler,
        ListTeamsHandler,
        WhoOwnsHandler,
        GetWorkloadHandler,
        OwnershipGrpcController,
        CalendarRepository,
        CalendarsGrpcController,
      ],
      exports: [
        OwnershipGrpcController,
        CalendarsGrpcController,
        CalendarRepository,
        DeadlineScheduler,
        AssignmentWorker,
        WorkProjection,
        DirectoryRepository,
      ],
    };
  }
}
