import { instance, parseDefinitionYaml, type ProcessDefinition } from '@baton/domain';
import type { RecordedEvent } from '@baton/eventstore';
import { DefinitionCatalog } from '../definitions/definition-catalog';
import { foldRecorded } from '../instances/instance-repository';
import type { InstanceView } from '../instances/instance-view';
import { InstanceReadModel } from './instance-read-model';
import { waitKey } from './wait-keys';

const REVIEW = `
id: review
name: Review
category: operational
trigger: { event: doc.submitted, correlationKey: docId, requires: [docId] }
steps:
  - { id: read, name: Read it, owner: { team: editors } }
  - { id: sign, name: Sign it, owner: { team: editors } }
handoffs:
  - { from: start, to: read }
  - { from: read, to: sign, on: completed }
  - { from: sign, to: end, on: completed }
`;

const PAYMENT = `
id: payment
name: Payment
category: operational
trigger: { event: shop.order.placed, correlationKey: orderId, requires: [orderId] }
steps:
  - id: wait-payment
    name: Wait for payment
    kind: wait-for-event
    event: shop.payment.received
    correlationKey: orderId
    owner: { team: collections }
handoffs:
  - { from: start, to: wait-payment }
  - { from: wait-payment, to: end, on: completed }
`;

const TIMED = `
id: timed
name: Timed
category: operational
trigger: { event: t.go, correlationKey: k, requires: [k] }
steps:
  - { id: cool-off, name: Cool off, kind: timer, fires: PT1H, owner: { team: ops } }
handoffs:
  - { from: start, to: cool-off }
  - { from: cool-off, to: end, on: completed }
`;

const parse = (yaml: string): ProcessDefinition => {
  const parsed = parseDefinitionYaml(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
};
const definitions = { review: parse(REVIEW), payment: parse(PAYMENT), timed: parse(TIMED) };

function catalogOf(...known: ProcessDefinition[]): DefinitionCatalog {
  const catalog = new DefinitionCatalog();
  for (const definition of known) {
    catalog.learn({
      type: 'DefinitionVersionLearned',
      data: { definitionId: definition.id, version: 1, definition },
    });
  }
  return catalog;
}

/** A command without its metadata, given the state it is decided on. */
type Step = (state: instance.InstanceState) => { readonly type: string; readonly data: unknown };

/** The instance's stream as the store records it, one command after another. */
function streamOf(
  definition: ProcessDefinition,
  instanceId: string,
  steps: readonly Step[],
): RecordedEvent[] {
  let state = instance.initialInstanceState();
  const recorded: RecordedEvent[] = [];
  steps.forEach((step, n) => {
    const now = Date.UTC(2026, 0, 5, 9) + n * 3_600_000;
    const metadata = { now, idempotencyKey: `cmd-${n}`, actor: 'pat' };
    const command = { ...step(state), metadata } as instance.InstanceCommand;
    const events = instance.decide(command, state, definition);
    for (const event of events) {
      recorded.push({
        eventId: `${instanceId}-${recorded.length + 1}`,
        type: event.type,
        streamId: `instance-${instanceId}`,
        streamVersion: recorded.length + 1,
        globalPosition: BigInt(recorded.length + 1),
        occurredAt: new Date(event.at),
        recordedAt: new Date(event.at),
        data: event.data,
        metadata: { tenantId: 'default', actor: 'pat', idempotencyKey: `cmd-${n}` },
        schemaVersion: 1,
      });
    }
    state = instance.evolveAll(state, events);
  });
  return recorded;
}

const start = (definition: ProcessDefinition, instanceId: string, data: Record<string, string>) => () => ({
  type: 'StartInstance' as const,
  data: { instanceId, definition: { definition, version: 1 }, businessKey: instanceId, data },
});
const openActivation = (state: instance.InstanceState): string =>
  state.status === 'running' ? (Object.keys(state.activations)[0] as string) : '';
const assign = (state: instance.InstanceState) => ({
  type: 'AssignStep' as const,
  data: { activationId: openActivation(state), personId: 'pat', reason: 'round-robin' },
});
const startStep = (state: instance.InstanceState) => ({
  type: 'StartStep' as const,
  data: { activationId: openActivation(state), personId: 'pat' },
});
const complete = (state: instance.InstanceState) => ({
  type: 'CompleteStep' as const,
  data: { activationId: openActivation(state), output: {}, personId: 'pat' },
});
const pay = (orderId: string) => () => ({
  type: 'CorrelateTrigger' as const,
  data: { type: 'shop.payment.received', correlationKey: orderId, payload: { paid: true } },
});

const reviewUntilSign: Step[] = [
  start(definitions.review, 'r1', { docId: 'd1' }),
  assign,
  startStep,
  complete,
  assign,
];
const runningReview = streamOf(definitions.review, 'r1', reviewUntilSign);
const endedReview = streamOf(definitions.review, 'r1', [...reviewUntilSign, startStep, complete]);

/** A view as lists show it: without the instance's data, which the read model does not keep. */
const listed = (view: InstanceView | undefined) => view && { ...view, data: {} };
describe('InstanceReadModel', () => {
  describe('when replayed from the store', () => {
    it('shows a running instance as a fold of its whole stream shows it, after every event', () => {
      const model = new InstanceReadModel(catalogOf(definitions.review));
      runningReview.forEach((event, n) => {
        model.applyRecorded(event);
        expect(model.get('r1')).toEqual(listed(foldRecorded(runningReview.slice(0, n + 1)).view));
      });
      expect([...model.openWork()].map((w) => w.activation.activationId)).toEqual(['sign#1']);
    });

    it('keeps only the summary of an ended instance and ignores redeliveries', () => {
      const model = new InstanceReadModel(catalogOf(definitions.review));
      for (const event of [...endedReview, ...endedReview]) model.applyRecorded(event);
      const ended = foldRecorded(endedReview).view;
      expect(model.get('r1')).toEqual({ ...ended, data: {}, activations: [] });
      expect([...model.openWork()]).toEqual([]);
    });

    it('knows what an instance waits for while its wait step is open', () => {
      const startOnly = [start(definitions.payment, 'p1', { orderId: 'o-1' })];
      const waiting = streamOf(definitions.payment, 'p1', startOnly);
      const paid = streamOf(definitions.payment, 'p1', [...startOnly, pay('o-1')]);
      const model = new InstanceReadModel(catalogOf(definitions.payment));
      for (const event of waiting) model.applyRecorded(event);
      expect(model.waitingFor(waitKey('shop.payment.received', 'o-1'))).toEqual(['p1']);
      for (const event of paid.slice(waiting.length)) model.applyRecorded(event);
      expect(model.get('p1')?.state).toBe('completed');
      expect(model.waitingFor(waitKey('shop.payment.received', 'o-1'))).toEqual([]);
    });

    it('finds the waits of instances whose definition it learned after their start', () => {
      const catalog = new DefinitionCatalog();
      const model = new InstanceReadModel(catalog);
      const stream = streamOf(definitions.payment, 'p2', [
        start(definitions.payment, 'p2', { orderId: 'o-2' }),
      ]);
      model.applyRecorded(stream[0] as RecordedEvent);
      catalog.learn({
        type: 'DefinitionVersionLearned',
        data: { definitionId: 'payment', version: 1, definition: definitions.payment },
      });
      for (const event of stream.slice(1)) model.applyRecorded(event);
      expect(model.waitingFor(waitKey('shop.payment.received', 'o-2'))).toEqual(['p2']);
    });
  });

  describe('its timers', () => {
    it('are due once their time has come, and no more once fired', () => {
      const startOnly = [start(definitions.timed, 't1', { k: 'x' })];
      const waiting = streamOf(definitions.timed, 't1', startOnly);
      const dueAt = (foldRecorded(waiting).view?.activations[0]?.dueAt ?? 0) as number;
      const fire = () => ({ type: 'FireTimer', data: { activationId: 'cool-off#1' } });
      const fired = streamOf(definitions.timed, 't1', [...startOnly, fire]);
      const model = new InstanceReadModel(catalogOf(definitions.timed, definitions.review));
      for (const event of [...waiting, ...runningReview]) model.applyRecorded(event);
      expect(model.dueTimers(dueAt - 1)).toEqual([]);
      expect(model.dueTimers(dueAt)).toEqual([{ instanceId: 't1', activationId: 'cool-off#1', dueAt }]);
      for (const event of fired.slice(waiting.length)) model.applyRecorded(event);
      expect(model.dueTimers(dueAt)).toEqual([]);
    });
  });

  describe('when fed its own writes and then the store', () => {
    it('folds the store on from the version it has, once per version', () => {
      const model = new InstanceReadModel(catalogOf(definitions.review));
      model.applyLocal('r1', foldRecorded(runningReview.slice(0, 3)));
      for (const event of runningReview) model.applyRecorded(event);
      expect(model.get('r1')).toEqual(listed(foldRecorded(runningReview).view));
    });
  });
});
