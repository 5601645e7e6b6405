import { IllegalStateError, ValidationError } from '../../shared/errors';
import {
  aDefinition,
  anInstanceCancelled,
  anInstanceCompleted,
  anInstanceStarted,
  aStepActivated,
  aStepCompleted,
  cancel,
  handoff,
  humanTask,
  instanceSpec,
} from '../testing';

const definition = aDefinition({
  steps: [humanTask('a'), humanTask('b')],
  handoffs: [handoff('go', 'start', ['a', 'b']), handoff('a-end', 'a', 'end'), handoff('b-end', 'b', 'end')],
});
const spec = instanceSpec(definition);
const running = [anInstanceStarted(), aStepActivated({ stepId: 'a' }), aStepActivated({ stepId: 'b' })];

describe('Instance', () => {
  describe('when it is cancelled', () => {
    it('ends with every open activation cancelled', () => {
      spec
        .given(running)
        .when(cancel('customer withdrew'))
        .then([anInstanceCancelled({ reason: 'customer withdrew', cancelledActivationIds: ['a#1', 'b#1'] })]);
    });

    it('lists only the activations still open', () => {
      spec
        .given([...running, aStepCompleted({ stepId: 'a', routedVia: ['a-end'] })])
        .when(cancel('duplicate order'))
        .then([anInstanceCancelled({ reason: 'duplicate order', cancelledActivationIds: ['b#1'] })]);
    });

    it('needs a reason', () => {
      spec.given(running).when(cancel(' ')).thenThrows(ValidationError, 'COMMAND.INVALID');
    });

    it('refuses before the start and after the end', () => {
      spec.given([]).when(cancel()).thenThrows(IllegalStateError, 'INSTANCE.NOT_STARTED');
      spec
        .given([...running, anInstanceCompleted()])
        .when(cancel())
        .thenThrows(IllegalStateError, 'INSTANCE.TERMINATED');
    });
  });
});
