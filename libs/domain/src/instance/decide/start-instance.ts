import { START, type ProcessDefinition } from '../../definition/model';
import type { DataRecord } from '../../shared/data';
import type { StartInstance } from '../commands';
import { instanceAlreadyStarted, invalid, InstanceErrorCode as C, requireText } from '../errors';
import type { InstanceEvent } from '../events';
import { fieldViolations, requireHandoffContracts } from '../routing/data-contract';
import { activateTargets, completeIfDone } from '../routing/route-completion';
import { selectHandoffs } from '../routing/select-handoffs';
import type { InstanceState } from '../state';
import { decisionFrom, eventOf, record, type DecisionContext, type RunningDecision } from './decision';

/** Start data must carry what the start trigger requires, and declared fields must be well typed. */
function requireStartData(
  definition: ProcessDefinition,
  data: DataRecord,
  triggerType: string | undefined,
): void {
  const declared = fieldViolations(definition.data, data, 'declared instance data', false);
  if (triggerType === undefined) {
    if (declared.length > 0) throw invalid(C.startDataInvalid, 'The start data is invalid', declared);
    return;
  }
  const trigger = definition.triggers.find((t) => t.event === triggerType);
  if (!trigger) {
    const known = definition.triggers.map((t) => t.event).join(', ') || 'none';
    throw invalid(
      C.unknownTrigger,
      `${triggerType} does not start ${definition.id} (start triggers: ${known})`,
    );
  }
  const violations = [
    ...fieldViolations(trigger.requires, data, `required by start trigger ${triggerType}`),
    ...declared,
  ];
  if (violations.length > 0) throw invalid(C.startDataInvalid, 'The start data is invalid', violations);
}

/**
 * Starts the instance and activates the steps handed off from `start` (conditions and defaults
 * choose among them as for any step). Repeating the start with a processed idempotency key never
 * reaches here (decide returns no events); any other start of a started instance is a conflict.
 */
export function startInstance(command: StartInstance, state: InstanceState): InstanceEvent[] {
  if (state.status !== 'not-started') throw instanceAlreadyStarted(state.instanceId);
  const { instanceId, definition: version, businessKey, data, triggerType } = command.data;
  requireText({ instanceId, businessKey, 'definition.id': version.definition.id });
  const { definition } = version;
  requireStartData(definition, data, triggerType);

  const context: DecisionContext = { definition, metadata: command.metadata };
  const started = record(
    decisionFrom(state),
    eventOf(command.metadata, 'InstanceStarted', {
      instanceId,
      definitionId: definition.id,
      definitionVersion: version.version,
      businessKey,
      data,
      ...(triggerType !== undefined ? { triggerType } : {}),
      ...(version.contentSha256 !== undefined ? { definitionSha256: version.contentSha256 } : {}),
    }),
  ) as RunningDecision; // InstanceStarted always leads a not-started instance to running
  const handoffs = selectHandoffs(definition, START, undefined, data);
  if (handoffs.length === 0) {
    throw invalid(
      C.noStartHandoff,
      `Definition ${definition.id} has no handoff from "${START}" to a first step`,
    );
  }
  requireHandoffContracts(handoffs, data);
  const activated = handoffs.reduce(
    (d, handoff) =>
      activateTargets(d, context, handoff, [
        { handoffId: handoff.id, fromStepId: START, completedAt: command.metadata.now },
      ]),
    started,
  );
  return [...completeIfDone(activated, context).events];
}
