import type { InstanceEvent, StepActivated } from '../events';
import {
  aDefinition,
  anInstanceStarted,
  approval,
  aStepActivated,
  aStepCompleted,
  aStepStarted,
  complete,
  from,
  fromStart,
  handoff,
  HOUR,
  humanTask,
  instanceSpec,
  MINUTE,
  reject,
  reworkPath,
  startInstance,
  versionOf,
} from '../testing';

/** start → a and b in 1 h; a and b join into the review within 30 min; review → archive, no SLA. */
const definition = aDefinition({
  steps: [humanTask('a'), humanTask('b'), approval('review', ['ok', 'redo']), humanTask('archive')],
  handoffs: [
    handoff('go', 'start', ['a', 'b'], { sla: { withinMs: HOUR } }),
    handoff('join', ['a', 'b'], 'review', { sla: { withinMs: 30 * MINUTE, atRiskPercent: 50 } }),
    handoff('file', 'review', 'archive', { trigger: { kind: 'outcome', outcomes: ['ok'] } }),
    handoff('done', 'archive', 'end'),
  ],
  exceptions: [reworkPath('redo', 'review', 'a', 2, { outcomes: ['redo'] })],
});
const spec = instanceSpec(definition);
const branches = [
  anInstanceStarted(),
  ...['a', 'b'].flatMap((stepId) => [
    aStepActivated({ stepId, handedOffFrom: [{ ...fromStart('go'), slaWithinMs: HOUR }] }),
    aStepStarted({ stepId }),
  ]),
];
const inReview = [
  ...branches,
  aStepCompleted({ stepId: 'a', routedVia: ['join'] }),
  aStepCompleted({ stepId: 'b', routedVia: ['join'] }),
  aStepActivated({ stepId: 'review', stepKind: 'approval' }),
  aStepStarted({ stepId: 'review' }),
];
const sourcesOf = (events: readonly InstanceEvent[]) =>
  events.filter((e): e is StepActivated => e.type === 'StepActivated').map((e) => e.data.handedOffFrom);

describe('Instance routing with handoff SLAs', () => {
  it('records the SLA (within, not the at-risk share) on the sources of the first steps', () => {
    spec
      .given([])
      .when(startInstance(versionOf(definition)))
      .then(branches.filter((e) => e.type !== 'StepStarted'));
  });

  it('records it on every arrival of a join, each with its own completion', () => {
    const sla = { slaWithinMs: 30 * MINUTE };
    spec
      .given([...branches, aStepCompleted({ stepId: 'a', routedVia: ['join'] })])
      .when(complete('b#1'))
      .then([
        aStepCompleted({ stepId: 'b', routedVia: ['join'] }),
        aStepActivated({
          stepId: 'review',
          stepKind: 'approval',
          handedOffFrom: [
            { ...from('join', 'a#1'), ...sla },
            { ...from('join', 'b#1'), ...sla },
          ],
        }),
      ]);
  });

  it('records none for a handoff without an SLA, nor for an exception path', () => {
    const filed = spec
      .given(inReview)
      .when(complete('review#1', { outcome: 'ok' }))
      .events();
    expect(sourcesOf(filed)).toStrictEqual([[from('file', 'review#1')]]);
    const redone = spec
      .given(inReview)
      .when(reject('review#1', 'incomplete', {}, 'redo'))
      .events();
    expect(sourcesOf(redone)).toStrictEqual([[from('redo', 'review#1')]]);
  });
});
