import {
  aDefinition,
  anInstanceCompleted,
  anInstanceStarted,
  aStepActivated,
  aStepCompleted,
  aStepStarted,
  complete,
  from,
  fromStart,
  handoff,
  humanTask,
  instanceSpec,
  startInstance,
  versionOf,
} from '../testing';
import type { Join } from '../../definition/model';

/** start → a, b, c in parallel → join into d → end. */
function joinOf(join: Join) {
  const definition = aDefinition({
    steps: ['a', 'b', 'c', 'd'].map((id) => humanTask(id)),
    handoffs: [
      handoff('split', 'start', ['a', 'b', 'c']),
      handoff('join', ['a', 'b', 'c'], 'd', { join }),
      handoff('d-end', 'd', 'end'),
    ],
  });
  const branches = [
    anInstanceStarted(),
    ...['a', 'b', 'c'].flatMap((stepId) => [
      aStepActivated({ stepId, handedOffFrom: [fromStart('split')] }),
      aStepStarted({ stepId }),
    ]),
  ];
  return { definition, spec: instanceSpec(definition), branches };
}
const arrival = (stepId: string) => aStepCompleted({ stepId, routedVia: ['join'] });

describe('Instance routing', () => {
  describe('a parallel split', () => {
    it('activates every target, each handed off from the same source', () => {
      const { definition, spec, branches } = joinOf({ kind: 'all' });
      spec
        .given([])
        .when(startInstance(versionOf(definition)))
        .then(branches.filter((e) => e.type !== 'StepStarted'));
    });
  });

  describe('a join of all branches', () => {
    const { spec, branches } = joinOf({ kind: 'all' });

    it('waits while branches are missing', () => {
      spec
        .given([...branches, arrival('a')])
        .when(complete('c#1'))
        .then([arrival('c')]);
    });

    it('fires once the last branch arrives, with one source per arrival', () => {
      spec
        .given([...branches, arrival('a'), arrival('c')])
        .when(complete('b#1'))
        .then([
          arrival('b'),
          aStepActivated({
            stepId: 'd',
            handedOffFrom: [from('join', 'a#1'), from('join', 'c#1'), from('join', 'b#1')],
          }),
        ]);
    });
  });

  describe('a join of the first branch', () => {
    const { spec, branches } = joinOf({ kind: 'first' });
    const fired = [
      ...branches,
      arrival('b'),
      aStepActivated({ stepId: 'd', handedOffFrom: [from('join', 'b#1')] }),
    ];

    it('fires on the first arrival', () => {
      spec
        .given(branches)
        .when(complete('b#1'))
        .then([arrival('b'), aStepActivated({ stepId: 'd', handedOffFrom: [from('join', 'b#1')] })]);
    });

    it('lets late branches complete; their arrival is absorbed and fires nothing', () => {
      spec
        .given(fired)
        .when(complete('a#1'))
        .then([arrival('a')]);
    });

    it('completes the instance only when the late branches have ended too', () => {
      const downstreamDone = [
        ...fired,
        aStepStarted({ stepId: 'd' }),
        aStepCompleted({ stepId: 'd', routedVia: ['d-end'] }),
      ];
      spec
        .given(downstreamDone)
        .when(complete('a#1'))
        .then([arrival('a')]);
      spec
        .given([...downstreamDone, arrival('a')])
        .when(complete('c#1'))
        .then([arrival('c'), anInstanceCompleted()]);
    });
  });

  describe('a join of n of m branches', () => {
    const { spec, branches } = joinOf({ kind: 'n-of-m', count: 2 });

    it('fires at the second arrival, and only then', () => {
      spec
        .given(branches)
        .when(complete('c#1'))
        .then([arrival('c')]);
      const fired = spec
        .given([...branches, arrival('c')])
        .when(complete('a#1'))
        .then([
          arrival('a'),
          aStepActivated({ stepId: 'd', handedOffFrom: [from('join', 'c#1'), from('join', 'a#1')] }),
        ]);
      spec
        .given(fired)
        .when(complete('b#1'))
        .then([arrival('b')]);
    });
  });

  describe('a join inside a loop', () => {
    /** start → a, b → join → d; d may send the work back to a and b. */
    const definition = aDefinition({
      steps: ['a', 'b', 'd'].map((id) => humanTask(id)),
      handoffs: [
        handoff('split', 'start', ['a', 'b']),
        handoff('join', ['a', 'b'], 'd'),
        handoff('again', 'd', ['a', 'b'], { condition: 'data.again == true' }),
        handoff('d-end', 'd', 'end', { default: true }),
      ],
    });
    const spec = instanceSpec(definition);

    it('fires again in the next round, with the new arrivals only', () => {
      const history = [
        anInstanceStarted(),
        aStepActivated({ stepId: 'a' }),
        aStepActivated({ stepId: 'b' }),
        aStepCompleted({ stepId: 'a', routedVia: ['join'] }),
        aStepCompleted({ stepId: 'b', routedVia: ['join'] }),
        aStepActivated({ stepId: 'd', handedOffFrom: [from('join', 'a#1'), from('join', 'b#1')] }),
        aStepCompleted({ stepId: 'd', output: { again: true }, routedVia: ['again'] }),
        aStepActivated({ stepId: 'a', attempt: 2, handedOffFrom: [from('again', 'd#1')] }),
        aStepActivated({ stepId: 'b', attempt: 2, handedOffFrom: [from('again', 'd#1')] }),
        aStepCompleted({ stepId: 'a', activationId: 'a#2', routedVia: ['join'] }),
        aStepStarted({ stepId: 'b', activationId: 'b#2' }),
      ];
      spec
        .given(history)
        .when(complete('b#2'))
        .then([
          aStepCompleted({ stepId: 'b', activationId: 'b#2', routedVia: ['join'] }),
          aStepActivated({
            stepId: 'd',
            attempt: 2,
            handedOffFrom: [from('join', 'a#2'), from('join', 'b#2')],
          }),
        ]);
    });
  });
});
