import type { ProcessDefinition } from '../../definition/model';
import type { CancelInstance } from '../commands';
import { requireText } from '../errors';
import type { InstanceEvent } from '../events';
import { openActivationIds, type InstanceState } from '../state';
import { eventOf } from './decision';
import { requireRunning } from './guards';

/** Cancels a running instance; every open activation ends as cancelled with it. */
export function cancelInstance(
  command: CancelInstance,
  state: InstanceState,
  definition: ProcessDefinition,
): InstanceEvent[] {
  const running = requireRunning(state, definition);
  const { reason } = command.data;
  requireText({ reason });
  return [
    eventOf(command.metadata, 'InstanceCancelled', {
      instanceId: running.instanceId,
      reason,
      cancelledActivationIds: openActivationIds(running),
    }),
  ];
}
