import type { ServiceDefinition } from '@grpc/grpc-js';
import { analyticsV1, definitionV1, executionV1, ownershipV1, type MessageType } from './index';

interface ExpectedService {
  /** The proto package, e.g. `baton.execution.v1`. */
  readonly pkg: string;
  /** The generated module of that package. */
  readonly module: Record<string, unknown>;
  readonly definition: ServiceDefinition;
  /** The commands and queries of ARCHITECTURE.md's service table, plus the integrator queries
   * and inverse commands the contracts add. */
  readonly rpcs: readonly string[];
}

const services: Record<string, ExpectedService> = {
  DefinitionService: {
    pkg: 'baton.definition.v1',
    module: definitionV1,
    definition: definitionV1.DefinitionServiceService,
    rpcs: [
      'ValidateDefinition',
      'LintDefinition',
      'PublishDefinition',
      'DeprecateDefinition',
      'GetDefinition',
      'ListDefinitions',
    ],
  },
  ExecutionService: {
    pkg: 'baton.execution.v1',
    module: executionV1,
    definition: executionV1.ExecutionServiceService,
    rpcs: [
      'StartInstance',
      'AssignStep',
      'StartStep',
      'CompleteStep',
      'FailStep',
      'RejectStep',
      'ReassignStep',
      'MarkStepOverdue',
      'EscalateStep',
      'CancelInstance',
      'PublishTrigger',
      'GetInstance',
      'ListInstances',
      'ListWork',
      'VerifyAuditTrail',
    ],
  },
  OwnershipService: {
    pkg: 'baton.ownership.v1',
    module: ownershipV1,
    definition: ownershipV1.OwnershipServiceService,
    rpcs: [
      'RegisterPerson',
      'CreateTeam',
      'AddMember',
      'RemoveMember',
      'GrantRole',
      'RevokeRole',
      'SetAvailability',
      'SetAssignmentPolicy',
      'SetEscalationPolicy',
      'WhoOwns',
      'GetWorkload',
      'GetPerson',
      'ListPeople',
      'GetTeam',
      'ListTeams',
      'DefineCalendar',
      'UpdateCalendar',
      'GetCalendar',
      'ListCalendars',
      'AssignCalendar',
    ],
  },
  AnalyticsService: {
    pkg: 'baton.analytics.v1',
    module: analyticsV1,
    definition: analyticsV1.AnalyticsServiceService,
    rpcs: [
      'GetAuditTrail',
      'GetHandoffStats',
      'GetStepStats',
      'GetCycleTimes',
      'GetBottlenecks',
      'GetSlaBreaches',
      'GetHandoverNetwork',
      'CompareVersions',
      'ImportEventLog',
      'GetSinglePersonDependencies',
      // Beyond the architecture's list: queue metrics per team (issue 7, item 6).
      'GetTeamQueues',
    ],
  },
};

function messageType(module: Record<string, unknown>, name: string): MessageType {
  const type = module[name] as MessageType | undefined;
  if (type === undefined) throw new Error(`the generated module has no message ${name}`);
  return type;
}

describe('the generated gRPC service definitions', () => {
  describe.each(Object.entries(services))('%s', (service, { pkg, module, definition, rpcs }) => {
    const paths = Object.values(definition).map((method) => method.path);

    it('exposes exactly the RPCs the architecture lists, under its fully qualified name', () => {
      expect([...paths].sort()).toEqual(rpcs.map((rpc) => `/${pkg}.${service}/${rpc}`).sort());
    });

    it('uses the messages <Rpc>Request and <Rpc>Response of its package for each RPC', () => {
      const empty = Buffer.alloc(0);
      for (const method of Object.values(definition)) {
        const rpc = method.path.slice(method.path.lastIndexOf('/') + 1);
        const request = messageType(module, `${rpc}Request`);
        const response = messageType(module, `${rpc}Response`);
        expect(request.$type).toBe(`${pkg}.${rpc}Request`);
        expect(response.$type).toBe(`${pkg}.${rpc}Response`);
        // Decoding no bytes yields the message's defaults, which differ between messages.
        expect(method.requestDeserialize(empty)).toEqual(request.fromPartial({}));
        expect(method.responseDeserialize(empty)).toEqual(response.fromPartial({}));
      }
    });
  });

  it('streams ImportEventLog from the client and keeps every other RPC unary', () => {
    for (const { definition } of Object.values(services)) {
      for (const method of Object.values(definition)) {
        const clientStreaming = method.path.endsWith('/ImportEventLog');
        expect({ path: method.path, requestStream: method.requestStream }).toEqual({
          path: method.path,
          requestStream: clientStreaming,
        });
        expect(method.responseStream).toBe(false);
      }
    }
  });

  it('serializes a command with its optional expected_version as an exact int64 string', () => {
    const { completeStep } = executionV1.ExecutionServiceService;
    const request = executionV1.CompleteStepRequest.fromPartial({
      instanceId: 'i-1',
      activationId: 'a-1',
      outcome: 'approved',
      output: { invoiceId: 'INV-9' },
      expectedVersion: '9007199254740993',
    });
    const decoded = completeStep.requestDeserialize(completeStep.requestSerialize(request));
    expect(decoded).toEqual(request);
    expect(decoded.expectedVersion).toBe('9007199254740993');
  });

  it('tells an unset expected_version from version 0', () => {
    const { cancelInstance } = executionV1.ExecutionServiceService;
    const roundTrip = (expectedVersion?: string) =>
      cancelInstance.requestDeserialize(
        cancelInstance.requestSerialize(
          executionV1.CancelInstanceRequest.fromPartial({ instanceId: 'i-1', reason: 'r', expectedVersion }),
        ),
      ).expectedVersion;
    expect(roundTrip(undefined)).toBeUndefined();
    expect(roundTrip('0')).toBe('0');
  });
});
