import type { executionV1 } from '@baton/contracts';
import type { DefinitionCatalog } from './definitions/definition-catalog';
import type { Executed } from './instances/instance-repository';
import { toInstance, toStepActivation } from './instances/instance.mapper';
import type { InstanceView } from './instances/instance-view';
import type { WorkItem } from './queries/list-work.query';

/** Builds RPC responses from views, naming definitions and steps from the catalog. */
export class ExecutionResponses {
  constructor(private readonly catalog: DefinitionCatalog) {}

  instance(view: InstanceView, summary = false): executionV1.Instance {
    return toInstance(view, this.definitionOf(view), summary);
  }

  activation(view: InstanceView, activationId: string): executionV1.StepActivation | undefined {
    const found = view.activations.find((a) => a.activationId === activationId);
    return found ? toStepActivation(found, this.definitionOf(view)) : undefined;
  }

  /** The addressed activation after a command, and the stream version. */
  single(executed: Executed, activationId: string) {
    return {
      activation: this.activation(viewOf(executed), activationId),
      streamVersion: String(executed.after.version),
    };
  }

  /** The activations a command's events activated. */
  activated(executed: Executed): executionV1.StepActivation[] {
    return executed.events
      .flatMap((e) => (e.type === 'StepActivated' ? [e.data.activationId] : []))
      .flatMap((id) => this.activation(viewOf(executed), id) ?? []);
  }

  /** FailStep and RejectStep: the failed activation, the exception path's activations, the instance state. */
  exceptional(executed: Executed, activationId: string) {
    return {
      ...{},
      ...this.single(executed, activationId),
      activated: this.activated(executed),
      instanceState: this.instance(viewOf(executed), true).state,
    };
  }

  workItem({ view, activation }: WorkItem): executionV1.WorkItem {
    const definition = this.definitionOf(view);
    return {
      instanceId: view.instanceId,
      definitionId: view.definitionId,
      definitionVersion: view.definitionVersion,
      definitionName: definition?.definition.name ?? view.definitionId,
      businessKey: view.businessKey,
      activation: toStepActivation(activation, definition),
      streamVersion: String(view.streamVersion),
    };
  }

  private definitionOf(view: InstanceView) {
    return this.catalog.version(view.tenantId, view.definitionId, view.definitionVersion);
  }
}

const viewOf = (executed: Executed): InstanceView => executed.after.view as InstanceView;
