import { END, START, type DataField, type ProcessDefinition } from '../model';
import { aChain, aDefinition, aHandoff, anApproval, aStep, DAY_MS } from '../test-builders';
import { analyseDataFlow } from './data-flow';
import { lintDefinition } from './index';

const field = (name: string): DataField => ({ name, type: 'string' });
const findingsOf = (definition: ProcessDefinition) =>
  lintDefinition(definition).filter((finding) => finding.rule === 'data-not-provided');

describe('Lint: data-not-provided', () => {
  describe('given a handoff data contract', () => {
    it('accepts fields from the trigger, the initial data and upstream outputs', () => {
      const definition = aDefinition({
        data: [field('region')],
        steps: [aStep('a', { outputs: [field('quote')] }), aStep('b')],
        handoffs: [
          aHandoff(START, 'a', { data: [field('caseId'), field('region')] }),
          aHandoff('a', 'b', { data: [field('caseId'), field('quote')] }),
          aHandoff('b', END),
        ],
      });
      expect(findingsOf(definition)).toEqual([]);
    });

    it('is an error for a field nothing provides', () => {
      const definition = aDefinition({
        steps: [aStep('a'), aStep('b')],
        handoffs: [
          aHandoff(START, 'a'),
          aHandoff('a', 'b', { data: [field('caseId'), field('invoiceId')] }),
          aHandoff('b', END),
        ],
      });
      expect(findingsOf(definition)).toEqual([
        {
          rule: 'data-not-provided',
          severity: 'error',
          path: 'handoffs[a->b].data[1]',
          message:
            "'invoiceId', needed by the data contract of handoff 'a->b', is never provided after a: add it to the trigger's requires, the initial data, or an upstream step's outputs",
        },
      ]);
    });

    it('is an error for a field provided on some paths only', () => {
      const definition = aDefinition({
        steps: [aStep('triage'), aStep('quick', { outputs: [field('quote')] }), aStep('slow'), aStep('send')],
        handoffs: [
          aHandoff(START, 'triage'),
          aHandoff('triage', 'quick', { condition: 'data.small' }),
          aHandoff('triage', 'slow', { default: true }),
          aHandoff('quick', 'send'),
          aHandoff('slow', 'send'),
          aHandoff('send', END, { data: [field('quote')] }),
        ],
      });
      expect(findingsOf(definition)).toEqual([
        expect.objectContaining({
          path: 'handoffs[send->end].data[0]',
          message: expect.stringContaining('is missing after send on some paths'),
        }),
      ]);
    });

    it('needs a field on every trigger when several start the process', () => {
      const definition = aDefinition({
        triggers: [
          { event: 'web.case', correlationKey: 'caseId', requires: [field('caseId'), field('email')] },
          { event: 'phone.case', correlationKey: 'caseId', requires: [field('caseId')] },
        ],
        handoffs: [aHandoff(START, 'work', { data: [field('email')] }), aHandoff('work', END)],
      });
      expect(findingsOf(definition).map((f) => f.path)).toEqual(['handoffs[start->work].data[0]']);
    });

    it('unions the branches of a join of all, and intersects those of a join of first', () => {
      const steps = [
        aStep('it', { outputs: [field('laptop')] }),
        aStep('hr', { outputs: [field('employeeId')] }),
        aStep('day-one'),
      ];
      const definition = (kind: 'all' | 'first') =>
        aDefinition({
          steps,
          handoffs: [
            aHandoff(START, ['it', 'hr']),
            aHandoff(['it', 'hr'], 'day-one', {
              join: { kind },
              data: [field('laptop'), field('employeeId')],
            }),
            aHandoff('day-one', END),
          ],
        });
      expect(findingsOf(definition('all'))).toEqual([]);
      expect(findingsOf(definition('first')).map((f) => f.path)).toEqual([
        'handoffs[it+hr->day-one].data[0]',
        'handoffs[it+hr->day-one].data[1]',
      ]);
    });

    it('counts a field of an enclosing object as provided', () => {
      const definition = aDefinition({
        data: [{ name: 'customer', type: 'object' }],
        handoffs: [aHandoff(START, 'work', { data: [field('customer.email')] }), aHandoff('work', END)],
      });
      expect(findingsOf(definition)).toEqual([]);
    });
  });

  describe('given steps that rely on data when they activate', () => {
    it('checks relative deadlines, timers, data-field owners and escalations, and wait-for-event keys', () => {
      const definition = aDefinition({
        steps: [
          aStep('a', {
            deadline: { kind: 'relative', field: 'startDate', offsetMs: -2 * DAY_MS },
            owner: { kind: 'data-field', field: 'managerId' },
            escalations: [{ afterMs: 0, action: 'notify', to: { kind: 'data-field', field: 'bossId' } }],
          }),
          aStep('t', { kind: 'timer', fires: { kind: 'relative', field: 'renewalDate', offsetMs: 0 } }),
          aStep('w', { kind: 'wait-for-event', event: 'paid', correlationKey: 'orderId', requires: [] }),
        ],
        handoffs: aChain('a', 't', 'w'),
      });
      expect(findingsOf(definition).map((f) => f.path)).toEqual([
        'steps[a].deadline.relativeTo',
        'steps[a].owner.dataField',
        'steps[a].escalate[0].to.dataField',
        'steps[t].fires.relativeTo',
        'steps[w].correlationKey',
      ]);
    });

    it('checks a handoff owner field and an event trigger key when the handoff fires', () => {
      const definition = aDefinition({
        steps: [aStep('a'), aStep('b')],
        handoffs: [
          aHandoff(START, 'a'),
          aHandoff('a', 'b', {
            owner: { kind: 'data-field', field: 'coordinatorId' },
            trigger: { kind: 'event', event: 'signed', correlationKey: 'contractId' },
          }),
          aHandoff('b', END),
        ],
      });
      expect(findingsOf(definition).map((f) => f.path)).toEqual([
        'handoffs[a->b].owner.dataField',
        'handoffs[a->b].on.correlationKey',
      ]);
    });

    it('counts the payload of a wait-for-event step once it completes', () => {
      const definition = aDefinition({
        steps: [
          aStep('w', {
            kind: 'wait-for-event',
            event: 'paid',
            correlationKey: 'caseId',
            requires: [field('amount')],
          }),
          aStep('thank'),
        ],
        handoffs: [
          aHandoff(START, 'w'),
          aHandoff('w', 'thank', { data: [field('amount')] }),
          aHandoff('thank', END),
        ],
      });
      expect(findingsOf(definition)).toEqual([]);
    });

    it('carries what a step had through its rework and exception paths, and ignores unreachable steps', () => {
      const definition = aDefinition({
        steps: [
          aStep('draft', { outputs: [field('draftUrl')] }),
          anApproval('review', ['ok', 'redo']),
          aStep('fix', { deadline: { kind: 'relative', field: 'dueDate', offsetMs: 0 } }),
          aStep('orphan', { deadline: { kind: 'relative', field: 'nowhere', offsetMs: 0 } }),
        ],
        data: [{ name: 'dueDate', type: 'date' }],
        handoffs: [
          aHandoff(START, 'draft'),
          aHandoff('draft', 'review', { data: [field('draftUrl')] }),
          aHandoff('review', END, { trigger: { kind: 'outcome', outcomes: ['ok'] } }),
          aHandoff('fix', 'review', { data: [field('draftUrl')] }),
        ],
        exceptions: [
          {
            id: 'redo',
            from: 'review',
            on: 'rejected',
            outcomes: ['redo'],
            action: 'rework',
            target: 'draft',
            maxIterations: 2,
          },
          {
            id: 'broken',
            from: 'review',
            on: 'failed',
            outcomes: [],
            action: 'exception-step',
            target: 'fix',
            maxIterations: 1,
          },
        ],
      });
      expect(findingsOf(definition)).toEqual([]);
      const flow = analyseDataFlow(definition);
      expect([...(flow.must.get('fix') ?? [])].sort()).toEqual(['caseId', 'draftUrl', 'dueDate']);
      expect(flow.must.get('orphan')).toBeUndefined();
    });
  });
});
