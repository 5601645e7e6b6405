import { instantFormat, type InstantFormat } from './instant-format';
import type { HistoryEvent } from './instance-history';
import {
  OCEL_BETWEEN_OBJECTS_AND_EVENTS,
  OCEL_DOCUMENT_END,
  ocelDocumentStart,
  ocelRecord,
  sharedObjects,
} from './ocel-document';
import { instanceOcel } from './ocel-mapping';
import type { OcelEvent } from './ocel-model';
import { ocelProblems, type OcelDocument } from './ocel-structure';
import { history, sequentialVendor } from './test-support/history-builders';

const utc = instantFormat('UTC') as InstantFormat;

/** A whole document as the streaming writer assembles it. */
function ocelDocument(streams: readonly (readonly HistoryEvent[])[]): OcelDocument {
  const mapped = streams.map((s) => instanceOcel(s, utc));
  const people = new Map<string, Set<string>>();
  const teams = new Set<string>();
  const types = new Map<string, never>();
  for (const m of mapped) {
    for (const [p, t] of m.people) people.set(p, new Set([...(people.get(p) ?? []), ...t]));
    for (const t of m.teams) teams.add(t);
    for (const [name, type] of m.eventTypes) types.set(name, type as never);
  }
  const objects = [...mapped.flatMap((m) => m.objects), ...sharedObjects(people, teams)];
  const text =
    ocelDocumentStart(types) +
    objects.map(ocelRecord).join(',\n') +
    OCEL_BETWEEN_OBJECTS_AND_EVENTS +
    mapped.flatMap((m) => m.events.map(ocelRecord)).join(',\n') +
    OCEL_DOCUMENT_END;
  return JSON.parse(text) as OcelDocument;
}

const relationsOf = (event: OcelEvent | undefined) =>
  event?.relationships.map((r) => `${r.qualifier} ${r.objectId}`);

describe('Baton events as OCEL 2.0', () => {
  describe('when a step completes', () => {
    const { events } = instanceOcel(sequentialVendor().events, utc);
    const completion = events.find((e) => e.type === 'review completed');

    it('relates the instance, the activation, the person and the team', () => {
      expect(relationsOf(completion)).toEqual([
        'instance instance:i-1',
        'activation step-activation:i-1/review#1',
        'worker person:lee',
        'team team:legal',
      ]);
      expect(completion).toMatchObject({
        id: 'i-1-e9',
        time: '2026-03-02T16:00:00.000+00:00',
        attributes: [
          { name: 'stepId', value: 'review' },
          { name: 'attempt', value: 1 },
          { name: 'outcome', value: 'approved' },
        ],
      });
    });

    it('names every event by its step and what happened, or by the instance', () => {
      expect(events.map((e) => e.type)).toEqual([
        'Instance started',
        'collect activated',
        'collect assigned',
        'collect started',
        'collect completed',
        'review activated',
        'review assigned',
        'review started',
        'review completed',
        'Instance completed',
      ]);
    });

    it('relates an activation to the one it was handed off from, its instance and owner team', () => {
      const { objects } = instanceOcel(sequentialVendor().events, utc);
      const review = objects.find((o) => o.id === 'step-activation:i-1/review#1');
      expect(review?.relationships).toEqual([
        { objectId: 'instance:i-1', qualifier: 'part of' },
        { objectId: 'team:legal', qualifier: 'owned by' },
        { objectId: 'step-activation:i-1/collect#1', qualifier: 'handed off from' },
      ]);
      expect(relationsOf(events.find((e) => e.type === 'review activated'))).toContain(
        'handed off from step-activation:i-1/collect#1',
      );
    });

    it('records status and assignee of each object at the time they changed', () => {
      const { objects } = instanceOcel(sequentialVendor().events, utc);
      const collect = objects.find((o) => o.id === 'step-activation:i-1/collect#1');
      expect(collect?.attributes.map((a) => `${a.name}=${a.value}@${a.time.slice(11, 16)}`)).toEqual([
        'stepId=collect@00:00',
        'attempt=1@00:00',
        'stepKind=human-task@00:00',
        'status=activated@09:00',
        'status=assigned@09:00',
        'assignee=pat@09:00',
        'status=started@10:00',
        'status=completed@13:00',
      ]);
      const instance = objects.find((o) => o.id === 'instance:i-1');
      expect(instance?.attributes.filter((a) => a.name === 'status').map((a) => a.value)).toEqual([
        'running',
        'completed',
      ]);
    });
  });

  describe('when work changes hands or the instance is cancelled', () => {
    const stream = history()
      .started(0)
      .activated('review#1', 0, { team: 'legal', dueAt: 60 })
      .assigned('review#1', 0, 'lee')
      .reassigned('review#1', 10, 'kim', 'lee')
      .overdue('review#1', 61, 60)
      .escalated('review#1', 62, 'reassign', { kind: 'role', role: 'legal-ops' }, 'max')
      .activated('notes#1', 62, { team: 'legal' })
      .cancelled(70, ['review#1', 'notes#1']).events;
    const { events, objects, people } = instanceOcel(stream, utc);

    it('relates the previous and the new assignee of a reassignment, and who an escalation went to', () => {
      expect(relationsOf(events.find((e) => e.type === 'review reassigned'))).toEqual([
        'instance instance:i-1',
        'activation step-activation:i-1/review#1',
        'assignee person:kim',
        'team team:legal',
        'previous assignee person:lee',
      ]);
      expect(relationsOf(events.find((e) => e.type === 'review escalated'))).toEqual([
        'instance instance:i-1',
        'activation step-activation:i-1/review#1',
        'assignee person:max',
        'team team:legal',
        'escalated to person:max',
        'previous assignee person:kim',
      ]);
      expect([...people.keys()].sort()).toEqual(['kim', 'lee', 'max']);
      expect(events.find((e) => e.type === 'review overdue')?.attributes).toContainEqual({
        name: 'dueAt',
        value: '2026-03-02T10:00:00.000+00:00',
      });
    });

    it('relates every activation a cancellation ended, and marks them cancelled', () => {
      expect(relationsOf(events.at(-1))).toEqual([
        'instance instance:i-1',
        'cancelled activation step-activation:i-1/review#1',
        'cancelled activation step-activation:i-1/notes#1',
      ]);
      expect(events.at(-1)?.attributes).toEqual([{ name: 'reason', value: 'customer withdrew' }]);
      const notes = objects.find((o) => o.id === 'step-activation:i-1/notes#1');
      expect(notes?.attributes.at(-1)).toMatchObject({ name: 'status', value: 'cancelled' });
    });
  });

  it('makes a document whose every relationship, type and attribute is declared and resolves', () => {
    const failedInvoice = history('i-2')
      .started(0)
      .activated('invoice#1', 0, { team: 'billing' })
      .assigned('invoice#1', 0, 'erp', 'billing-systems')
      .stepStarted('invoice#1', 1)
      .failed('invoice#1', 2, 'failed', 'total differs')
      .correlated(3, 'invoice#1')
      .instanceFailed(4, 'invoice#1', []).events;
    const doc = ocelDocument([sequentialVendor().events, failedInvoice]);
    expect(ocelProblems(doc)).toEqual([]);
    expect(doc.objectTypes.map((t) => t.name)).toEqual(['instance', 'step-activation', 'person', 'team']);
    expect(doc.eventTypes.map((t) => t.name)).toContain('invoice failed');
    expect(doc.objects.find((o) => o.id === 'person:erp')?.relationships).toEqual([
      { objectId: 'team:billing-systems', qualifier: 'member of' },
    ]);
    expect(doc.events).toHaveLength(10 + 7);
  });

  it('finds what is wrong with a broken document', () => {
    const doc = ocelDocument([sequentialVendor().events]);
    const broken = {
      ...doc,
      objects: doc.objects.filter((o) => o.id !== 'team:legal'),
      events: [
        ...doc.events,
        { id: 'x', type: 'undeclared', time: 'yesterday', attributes: [], relationships: [] },
      ],
    };
    expect(ocelProblems(broken)).toEqual(['events.10.time: not an ISO 8601 date-time']);
    broken.events[10] = {
      ...broken.events[10],
      time: '2026-03-02T09:00:00Z',
    } as OcelDocument['events'][number];
    const problems = ocelProblems(broken);
    expect(problems).toContain('event x: type "undeclared" is not declared');
    expect(problems).toContain(
      'object step-activation:i-1/review#1: relationship to unknown object "team:legal"',
    );
    expect(ocelProblems({ objects: [] })[0]).toMatch(/^objectTypes: /);
  });
});
