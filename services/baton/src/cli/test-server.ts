import { analyticsV1, definitionV1, executionV1, type commonV1 } from '@baton/contracts';
import { IllegalStateError, NotFoundError, parseDefinitionYaml, type ProcessDefinition } from '@baton/domain';
import { startGrpcServer, unaryHandlers, type CallContext, type RunningGrpcServer } from '@baton/grpc-server';

/**
 * A real grpc-js server for the CLI's tests, implementing just the RPCs the CLI calls over a
 * deliberately simple in-memory model: each instance runs its definition's steps one after the
 * other (no branches or joins), timers fire at once, wait steps complete on their trigger.
 * Analytics answers UNIMPLEMENTED, like the skeleton service. Not a stand-in for Baton's rules.
 */
export interface TestServer {
  readonly address: string;
  readonly calls: { method: string; request: unknown; context: CallContext }[];
  readonly instances: Map<string, executionV1.Instance>;
  stop(): Promise<void>;
}

const { StepState, InstanceState } = executionV1;

export async function startTestServer(): Promise<TestServer> {
  const calls: TestServer['calls'] = [];
  const definitions = new Map<
    string,
    { model: ProcessDefinition; version: definitionV1.DefinitionVersion }
  >();
  const instances = new Map<string, executionV1.Instance>();
  let seq = 0;

  const record =
    <Req, Res>(method: string, handler: (req: Req, ctx: CallContext) => Res) =>
    async (req: Req, ctx: CallContext): Promise<Res> => {
      calls.push({ method, request: req, context: ctx });
      return handler(req, ctx);
    };

  const instanceOf = (id: string) => {
    const found = instances.get(id);
    if (!found)
      throw new NotFoundError('INSTANCE.NOT_FOUND', `no instance ${id}`, {
        resourceType: 'instance',
        resourceName: id,
      });
    return found;
  };
  const activationOf = (i: executionV1.Instance, id: string, state: executionV1.StepState[]) => {
    const a = i.activations.find((x) => x.activationId === id);
    if (!a)
      throw new NotFoundError('STEP.NOT_FOUND', `no activation ${id}`, {
        resourceType: 'activation',
        resourceName: id,
      });
    if (!state.includes(a.state)) {
      const current = executionV1.stepStateToJSON(a.state);
      throw new IllegalStateError('STEP.WRONG_STATE', `activation ${id} is ${current}`, {
        currentState: current,
        allowed: [],
      });
    }
    return a;
  };
  const bump = (i: executionV1.Instance, n = 1) => (i.streamVersion = String(Number(i.streamVersion) + n));
  const model = (i: executionV1.Instance) => definitions.get(i.definitionId)?.model as ProcessDefinition;

  /** Activates the step at `index` (or completes the instance), skipping timers. */
  const activate = (i: executionV1.Instance, index: number, attempt = 1): executionV1.StepActivation[] => {
    const steps = model(i).steps;
    const step = steps[index];
    if (!step) {
      i.state = InstanceState.INSTANCE_STATE_COMPLETED;
      i.endedAt = new Date();
      bump(i);
      return [];
    }
    const a = executionV1.StepActivation.fromPartial({
      activationId: `${step.id}#${attempt}`,
      stepId: step.id,
      stepName: step.name,
      state: StepState.STEP_STATE_ACTIVATED,
      teamId: step.owner?.kind === 'team' ? step.owner.teamId : '',
      owner: step.owner?.kind === 'data-field' ? { dataField: step.owner.field } : {},
      activatedAt: new Date(),
      attempt,
    });
    i.activations.push(a);
    bump(i);
    if (step.kind === 'timer') {
      a.state = StepState.STEP_STATE_COMPLETED;
      a.endedAt = new Date();
      return [a, ...activate(i, index + 1)];
    }
    return [a];
  };
  const complete = (
    i: executionV1.Instance,
    a: executionV1.StepActivation,
    output: Record<string, unknown>,
  ) => {
    a.state = StepState.STEP_STATE_COMPLETED;
    a.endedAt = new Date();
    i.data = { ...i.data, ...output };
    bump(i);
    return activate(i, model(i).steps.findIndex((s) => s.id === a.stepId) + 1);
  };
  const start = (definitionId: string, businessKey: string, data: Record<string, unknown>, actor: string) => {
    const def = definitions.get(definitionId);
    if (!def)
      throw new NotFoundError('DEFINITION.NOT_FOUND', `no definition ${definitionId}`, {
        resourceType: 'definition',
        resourceName: definitionId,
      });
    const i = executionV1.Instance.fromPartial({
      instanceId: `i-${++seq}`,
      definitionId,
      definitionVersion: 1,
      businessKey,
      state: InstanceState.INSTANCE_STATE_RUNNING,
      data,
      startedAt: new Date(),
      startedBy: { id: actor },
      streamVersion: '1',
    });
    instances.set(i.instanceId, i);
    activate(i, 0);
    return i;
  };

  const definition = unaryHandlers(
    definitionV1.DefinitionServiceService,
    {
      lintDefinition: record('lintDefinition', (_req: definitionV1.LintDefinitionRequest) =>
        definitionV1.LintDefinitionResponse.fromPartial({
          blocking: true,
          findings: [
            {
              ruleId: 'step-without-owner',
              severity: definitionV1.Severity.SEVERITY_ERROR,
              path: 'steps[a].owner',
              message: 'no owner',
              line: 6,
              column: 5,
            },
          ],
        }),
      ),
      getDefinition: record('getDefinition', (req: definitionV1.GetDefinitionRequest) => {
        const def = definitions.get(req.definitionId);
        if (!def)
          throw new NotFoundError('DEFINITION.NOT_FOUND', `no definition ${req.definitionId}`, {
            resourceType: 'definition',
            resourceName: req.definitionId,
          });
        return { definitionVersion: def.version };
      }),
      publishDefinition: record('publishDefinition', (req: definitionV1.PublishDefinitionRequest) => {
        const parsed = parseDefinitionYaml(req.source?.text ?? '');
        if (!parsed.ok) throw new Error('test server: unparsable definition');
        const version = definitionV1.DefinitionVersion.fromPartial({
          definitionId: parsed.definition.id,
          version: 1,
          state: definitionV1.DefinitionState.DEFINITION_STATE_ACTIVE,
          definition: { id: parsed.definition.id, name: parsed.definition.name },
          changeNote: req.changeNote,
          publishedAt: new Date(),
        });
        definitions.set(parsed.definition.id, { model: parsed.definition, version });
        return { definitionVersion: version, findings: [] };
      }),
      listDefinitions: record('listDefinitions', () => ({
        definitionVersions: [...definitions.values()].map((d) => d.version),
        nextPageToken: '',
      })),
    },
    { domain: 'baton.definition' },
  );

  const execution = unaryHandlers(
    executionV1.ExecutionServiceService,
    {
      startInstance: record('startInstance', (req: executionV1.StartInstanceRequest, ctx) => ({
        instance: start(req.definitionId, req.businessKey, req.data ?? {}, ctx.actor),
        alreadyExisted: false,
      })),
      getInstance: record('getInstance', (req: executionV1.GetInstanceRequest) => ({
        instance: instanceOf(req.instanceId),
      })),
      listInstances: record('listInstances', () => ({
        instances: [...instances.values()],
        nextPageToken: '',
      })),
      listWork: record('listWork', (req: executionV1.ListWorkRequest) =>
        executionV1.ListWorkResponse.fromPartial({
          workItems: [...instances.values()].flatMap((i) =>
            i.activations
              .filter(
                (a) =>
                  a.state !== StepState.STEP_STATE_COMPLETED &&
                  (a.teamId === req.teamId || a.assigneePersonId === req.personId),
              )
              .map((a) => ({
                instanceId: i.instanceId,
                definitionId: i.definitionId,
                businessKey: i.businessKey,
                activation: a,
                streamVersion: i.streamVersion,
              })),
          ),
        }),
      ),
      assignStep: record('assignStep', (req: executionV1.AssignStepRequest) => {
        const i = instanceOf(req.instanceId);
        const a = activationOf(i, req.activationId, [
          StepState.STEP_STATE_ACTIVATED,
          StepState.STEP_STATE_ASSIGNED,
        ]);
        Object.assign(a, {
          state: StepState.STEP_STATE_ASSIGNED,
          assigneePersonId: req.personId,
          assignedAt: new Date(),
        });
        return { activation: a, streamVersion: bump(i) };
      }),
      startStep: record('startStep', (req: executionV1.StartStepRequest, ctx) => {
        const i = instanceOf(req.instanceId);
        const a = activationOf(i, req.activationId, [StepState.STEP_STATE_ASSIGNED]);
        if (ctx.actor !== a.assigneePersonId) {
          throw new IllegalStateError('STEP.NOT_ASSIGNEE', `${ctx.actor} is not the assignee`, {
            currentState: 'assigned',
            allowed: [],
          });
        }
        Object.assign(a, { state: StepState.STEP_STATE_STARTED, startedAt: new Date() });
        return { activation: a, streamVersion: bump(i) };
      }),
      completeStep: record('completeStep', (req: executionV1.CompleteStepRequest) => {
        const i = instanceOf(req.instanceId);
        const a = activationOf(i, req.activationId, [StepState.STEP_STATE_STARTED]);
        a.outcome = req.outcome;
        const activated = complete(i, a, req.output ?? {});
        return {
          activation: a,
          activated,
          instanceCompleted: i.state === InstanceState.INSTANCE_STATE_COMPLETED,
          streamVersion: i.streamVersion,
        };
      }),
      rejectStep: record('rejectStep', (req: executionV1.RejectStepRequest) => {
        const i = instanceOf(req.instanceId);
        const a = activationOf(i, req.activationId, [StepState.STEP_STATE_STARTED]);
        Object.assign(a, {
          state: StepState.STEP_STATE_FAILED,
          failureReason: req.reason,
          endedAt: new Date(),
        });
        bump(i);
        const index = model(i).steps.findIndex((s) => s.id === a.stepId);
        const activated = activate(i, index, a.attempt + 1);
        return { activation: a, activated, instanceState: i.state, streamVersion: i.streamVersion };
      }),
      failStep: record('failStep', (req: executionV1.FailStepRequest) => {
        const i = instanceOf(req.instanceId);
        const a = activationOf(i, req.activationId, [StepState.STEP_STATE_STARTED]);
        Object.assign(a, {
          state: StepState.STEP_STATE_FAILED,
          failureReason: req.reason,
          endedAt: new Date(),
        });
        bump(i);
        const index = model(i).steps.findIndex((s) => s.id === a.stepId);
        const activated = activate(i, index, a.attempt + 1);
        return { activation: a, activated, instanceState: i.state, streamVersion: i.streamVersion };
      }),
      publishTrigger: record('publishTrigger', (req: executionV1.PublishTriggerRequest, ctx) => {
        const t = req.trigger as commonV1.TriggerEvent;
        for (const { model: m } of definitions.values()) {
          if (m.triggers[0]?.event === t.type) {
            const i = start(m.id, t.correlationKey, t.payload ?? {}, ctx.actor);
            return executionV1.PublishTriggerResponse.fromPartial({
              disposition: executionV1.TriggerDisposition.TRIGGER_DISPOSITION_ACCEPTED,
              startedInstanceIds: [i.instanceId],
            });
          }
        }
        const correlated: string[] = [];
        for (const i of instances.values()) {
          for (const a of i.activations.filter((x) => x.state === StepState.STEP_STATE_ACTIVATED)) {
            const step = model(i).steps.find((s) => s.id === a.stepId);
            if (
              step?.kind === 'wait-for-event' &&
              step.event === t.type &&
              i.data?.[step.correlationKey] === t.correlationKey
            ) {
              complete(i, a, t.payload ?? {});
              correlated.push(i.instanceId);
            }
          }
        }
        return executionV1.PublishTriggerResponse.fromPartial({
          disposition: correlated.length
            ? executionV1.TriggerDisposition.TRIGGER_DISPOSITION_ACCEPTED
            : executionV1.TriggerDisposition.TRIGGER_DISPOSITION_UNMATCHED,
          correlatedInstanceIds: correlated,
        });
      }),
    },
    { domain: 'baton.execution' },
  );

  const analytics = unaryHandlers(analyticsV1.AnalyticsServiceService, {}, { domain: 'baton.analytics' });
  const server: RunningGrpcServer = await startGrpcServer({
    address: '127.0.0.1:0',
    services: [
      {
        name: 'baton.definition.v1.DefinitionService',
        definition: definitionV1.DefinitionServiceService,
        implementation: definition,
        protoFile: 'baton/definition/v1/definition_service.proto',
      },
      {
        name: 'baton.execution.v1.ExecutionService',
        definition: executionV1.ExecutionServiceService,
        implementation: execution,
        protoFile: 'baton/execution/v1/execution_service.proto',
      },
      {
        name: 'baton.analytics.v1.AnalyticsService',
        definition: analyticsV1.AnalyticsServiceService,
        implementation: analytics,
        protoFile: 'baton/analytics/v1/analytics_service.proto',
      },
    ],
  });
  return { address: `127.0.0.1:${server.port}`, calls, instances, stop: () => server.stop() };
}
