import type { ProcessDefinition } from '../definition/model';
import type { InstanceCommand } from './commands';
import { assignStep } from './decide/assign-step';
import { cancelInstance } from './decide/cancel-instance';
import { completeStep } from './decide/complete-step';
import { correlateTrigger } from './decide/correlate-trigger';
import { escalateStep } from './decide/escalate-step';
import { failStep } from './decide/fail-step';
import { fireTimer } from './decide/fire-timer';
import { markHandoff } from './decide/mark-handoff';
import { markStepOverdue } from './decide/mark-step-overdue';
import { reassignStep } from './decide/reassign-step';
import { rejectStep } from './decide/reject-step';
import { startInstance } from './decide/start-instance';
import { startStep } from './decide/start-step';
import { invalid, InstanceErrorCode } from './errors';
import type { InstanceEvent } from './events';
import { hasProcessed, type InstanceState } from './state';

/**
 * Decides what a command does to an instance: the events to append, or a DomainError. Pure: time
 * comes from `command.metadata.now`, activation ids from step ids and attempts. `definition` is the
 * instance's definition version (for StartInstance, the one in the command is used). A command whose
 * idempotency key the instance has already processed yields no events, whatever the state.
 */
export function decide(
  command: InstanceCommand,
  state: InstanceState,
  definition: ProcessDefinition,
): InstanceEvent[] {
  if (hasProcessed(state, command.metadata.idempotencyKey)) return [];
  switch (command.type) {
    case 'StartInstance':
      return startInstance(command, state);
    case 'AssignStep':
      return assignStep(command, state, definition);
    case 'StartStep':
      return startStep(command, state, definition);
    case 'CompleteStep':
      return completeStep(command, state, definition);
    case 'FailStep':
      return failStep(command, state, definition);
    case 'RejectStep':
      return rejectStep(command, state, definition);
    case 'ReassignStep':
      return reassignStep(command, state, definition);
    case 'MarkStepOverdue':
      return markStepOverdue(command, state, definition);
    case 'EscalateStep':
      return escalateStep(command, state, definition);
    case 'MarkHandoffAtRisk':
    case 'MarkHandoffBreached':
      return markHandoff(command, state, definition);
    case 'CorrelateTrigger':
      return correlateTrigger(command, state, definition);
    case 'FireTimer':
      return fireTimer(command, state, definition);
    case 'CancelInstance':
      return cancelInstance(command, state, definition);
    default:
      return unknownCommand(command);
  }
}

/** Unreachable for typed callers; a malformed command from the wire is refused, not crashed on. */
function unknownCommand(command: never): never {
  const type = (command as { readonly type?: unknown }).type;
  throw invalid(InstanceErrorCode.commandUnknown, `Unknown instance command ${JSON.stringify(type)}`);
}
