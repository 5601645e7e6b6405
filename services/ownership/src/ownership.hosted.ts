import type { INestApplicationContext } from '@nestjs/common';
import { ownershipV1 } from '@baton/contracts';
import { unaryHandlers, type CallGuard, type HostedService, type UnaryHandler } from '@baton/grpc-server';
import { CalendarsGrpcController } from './calendars/calendars.grpc-controller';
import { OwnershipGrpcController } from './ownership.grpc-controller';

const RPCS = [
  'registerPerson',
  'createTeam',
  'addMember',
  'removeMember',
  'grantRole',
  'revokeRole',
  'setAvailability',
  'setAssignmentPolicy',
  'setEscalationPolicy',
  'whoOwns',
  'getWorkload',
  'getPerson',
  'listPeople',
  'getTeam',
  'listTeams',
] as const satisfies readonly (keyof OwnershipGrpcController)[];

const CALENDAR_RPCS = [
  'defineCalendar',
  'updateCalendar',
  'getCalendar',
  'listCalendars',
  'assignCalendar',
] as const satisfies readonly (keyof CalendarsGrpcController)[];

/** The OwnershipService served by an app that imported `OwnershipModule`; `guard` admits its callers. */
export function ownershipHostedService(app: INestApplicationContext, guard?: CallGuard): HostedService {
  const controller = app.get(OwnershipGrpcController);
  const calendars = app.get(CalendarsGrpcController);
  const handlers = Object.fromEntries([
    ...RPCS.map((rpc) => [rpc, controller[rpc].bind(controller) as UnaryHandler<never, unknown>]),
    ...CALENDAR_RPCS.map((rpc) => [rpc, calendars[rpc].bind(calendars) as UnaryHandler<never, unknown>]),
  ]);
  return {
    name: 'baton.ownership.v1.OwnershipService',
    definition: ownershipV1.OwnershipServiceService,
    implementation: unaryHandlers(
      ownershipV1.OwnershipServiceService,
      handlers,
      { domain: 'baton.ownership' },
      guard,
    ),
    protoFile: 'baton/ownership/v1/ownership_service.proto',
  };
}
