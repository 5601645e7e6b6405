import type { ProcessDefinition } from './model';
import { parseDefinitionJson, parseDefinitionYaml, type DefinitionParseResult } from './parse';

const DAY = 24 * 60 * 60 * 1000;

function parsed(result: DefinitionParseResult): ProcessDefinition {
  if (!result.ok) throw new Error(`expected a definition, got ${JSON.stringify(result.errors)}`);
  return result.definition;
}

const onboarding = `
id: employee-onboarding
name: Employee onboarding
category: support
owner: { role: hr-director }
trigger: { event: hr.offer.signed, correlationKey: candidateId, requires: [{ name: startDate, type: date }] }
data: [hiringManagerId]
labels: { department: people }
steps:
  - id: provision-it
    owner: { team: it, policy: least-loaded }
    deadline: { relativeTo: startDate, offset: -P2D }
    escalate: [{ action: reassign, to: { role: it-lead } }]
    outputs: [{ name: laptopSerial, type: string, description: Asset tag }]
  - id: approve
    kind: approval
    outcomes: [approved, returned]
    owner: { person: pat }
    deadline: P3D
  - id: notify
    kind: automated
    system: mailer
    operation: send-welcome
    owner: { dataField: hiringManagerId }
  - id: wait-for-badge
    kind: wait-for-event
    event: facilities.badge.issued
    correlationKey: candidateId
    owner: { role: facilities }
  - id: day-before
    kind: timer
    fires: { relativeTo: startDate, offset: -P1D }
handoffs:
  - { from: start, to: [provision-it, approve], data: [candidateId], owner: { role: hr-coordinator } }
  - { from: approve, to: notify, on: { outcome: approved } }
  - { from: [provision-it, notify], to: wait-for-badge, on: completed }
  - { from: wait-for-badge, to: day-before, on: { event: hr.start.confirmed, correlationKey: candidateId } }
  - { from: day-before, to: end, when: 'data.ok == true' }
  - { id: fallback, from: day-before, to: end, default: true }
exceptions:
  - { from: approve, on: rejected, outcomes: returned, action: rework, to: provision-it, maxIterations: 2 }
  - { from: notify, on: failed, action: exception-step, to: day-before }
  - { id: give-up, from: approve, on: rejected, action: cancel }
waivers:
  - { rule: single-person-dependency, path: 'steps[approve]', reason: Pat is the only approver this quarter, approvedBy: hr-director-1 }
`;

describe('Parsing a definition', () => {
  describe('given YAML in the documented format', () => {
    const definition = parsed(parseDefinitionYaml(onboarding));

    it('keeps the process fields and labels', () => {
      expect(definition).toMatchObject({
        id: 'employee-onboarding',
        name: 'Employee onboarding',
        category: 'support',
        owner: { kind: 'role', role: 'hr-director' },
        data: [{ name: 'hiringManagerId', type: 'string' }],
        labels: { department: 'people' },
      });
    });

    it('adds the correlation key to the trigger requirements', () => {
      expect(definition.triggers).toEqual([
        {
          event: 'hr.offer.signed',
          correlationKey: 'candidateId',
          requires: [
            { name: 'candidateId', type: 'string' },
            { name: 'startDate', type: 'date' },
          ],
        },
      ]);
    });

    it('defaults the kind, name, policy and lists of a step', () => {
      expect(definition.steps[0]).toEqual({
        id: 'provision-it',
        name: 'provision-it',
        kind: 'human-task',
        owner: { kind: 'team', teamId: 'it' },
        policy: 'least-loaded',
        deadline: { kind: 'relative', field: 'startDate', offsetMs: -2 * DAY },
        escalations: [{ afterMs: 0, action: 'reassign', to: { kind: 'role', role: 'it-lead' } }],
        outputs: [{ name: 'laptopSerial', type: 'string', description: 'Asset tag' }],
      });
    });

    it('assigns persons and data-field owners directly, teams and roles round-robin, no owner by manual claim', () => {
      expect(definition.steps.map((step) => step.policy)).toEqual([
        'least-loaded',
        'direct',
        'direct',
        'round-robin',
        'manual-claim',
      ]);
    });

    it('reads every step kind', () => {
      expect(definition.steps[1]).toMatchObject({ kind: 'approval', outcomes: ['approved', 'returned'] });
      expect(definition.steps[2]).toMatchObject({
        kind: 'automated',
        system: 'mailer',
        operation: 'send-welcome',
        owner: { kind: 'data-field', field: 'hiringManagerId' },
      });
      expect(definition.steps[3]).toMatchObject({
        kind: 'wait-for-event',
        event: 'facilities.badge.issued',
        correlationKey: 'candidateId',
        requires: [],
      });
      expect(definition.steps[4]).toMatchObject({
        kind: 'timer',
        fires: { kind: 'relative', field: 'startDate', offsetMs: -DAY },
      });
    });

    it('derives handoff ids from what they connect and defaults a join to all', () => {
      expect(definition.handoffs.map((handoff) => handoff.id)).toEqual([
        'start->provision-it+approve',
        'approve->notify',
        'provision-it+notify->wait-for-badge',
        'wait-for-badge->day-before',
        'day-before->end',
        'fallback',
      ]);
      expect(definition.handoffs[2]).toMatchObject({
        join: { kind: 'all' },
        trigger: { kind: 'completion' },
      });
      expect(definition.handoffs[0]?.join).toBeUndefined();
    });

    it('reads triggers, conditions and defaults of handoffs', () => {
      expect(definition.handoffs[1]?.trigger).toEqual({ kind: 'outcome', outcomes: ['approved'] });
      expect(definition.handoffs[3]?.trigger).toEqual({
        kind: 'event',
        event: 'hr.start.confirmed',
        correlationKey: 'candidateId',
      });
      expect(definition.handoffs[4]).toMatchObject({ condition: 'data.ok == true' });
      expect(definition.handoffs[5]).toMatchObject({ default: true });
      expect(definition.handoffs[0]?.trigger).toBeUndefined();
    });

    it('reads exception paths with derived ids', () => {
      expect(definition.exceptions).toEqual([
        {
          id: 'approve-rejected-returned',
          from: 'approve',
          on: 'rejected',
          outcomes: ['returned'],
          action: 'rework',
          target: 'provision-it',
          maxIterations: 2,
        },
        {
          id: 'notify-failed',
          from: 'notify',
          on: 'failed',
          outcomes: [],
          action: 'exception-step',
          target: 'day-before',
        },
        { id: 'give-up', from: 'approve', on: 'rejected', outcomes: [], action: 'cancel' },
      ]);
    });

    it('keeps waivers as written', () => {
      expect(definition.waivers).toEqual([
        {
          rule: 'single-person-dependency',
          path: 'steps[approve]',
          reason: 'Pat is the only approver this quarter',
          approvedBy: 'hr-director-1',
        },
      ]);
    });
  });

  describe('given a minimal definition', () => {
    it('defaults the name to the id and every list to empty', () => {
      const definition = parsed(
        parseDefinitionYaml('id: tiny\ncategory: management\nsteps: [{ id: only }]\n'),
      );
      expect(definition).toEqual({
        id: 'tiny',
        name: 'tiny',
        category: 'management',
        triggers: [],
        data: [],
        steps: [
          {
            id: 'only',
            name: 'only',
            kind: 'human-task',
            policy: 'manual-claim',
            escalations: [],
            outputs: [],
          },
        ],
        handoffs: [],
        exceptions: [],
        waivers: [],
        labels: {},
      });
    });

    it('reads several start triggers', () => {
      const definition = parsed(
        parseDefinitionYaml(`
id: two-ways-in
category: operational
triggers:
  - { event: web.order.placed, correlationKey: orderId }
  - { event: phone.order.taken, correlationKey: orderId, requires: [orderId, agentId] }
steps: [{ id: only }]
`),
      );
      expect(definition.triggers.map((trigger) => trigger.requires.map((field) => field.name))).toEqual([
        ['orderId'],
        ['orderId', 'agentId'],
      ]);
    });

    it('reads n-of-m and first joins', () => {
      const definition = parsed(
        parseDefinitionYaml(`
id: joins
category: operational
steps: [{ id: a }, { id: b }, { id: c }]
handoffs:
  - { from: [a, b, c], to: end, join: { count: 2 } }
  - { from: [a, b], to: end, join: first }
`),
      );
      expect(definition.handoffs.map((handoff) => handoff.join)).toEqual([
        { kind: 'n-of-m', count: 2 },
        { kind: 'first' },
      ]);
    });
  });

  describe('given JSON', () => {
    const json = { id: 'from-json', category: 'support', steps: [{ id: 'a', deadline: 'PT4H' }] };

    it('reads text', () => {
      expect(parsed(parseDefinitionJson(JSON.stringify(json))).steps[0]?.deadline).toEqual({
        kind: 'within',
        durationMs: 4 * 60 * 60 * 1000,
      });
    });

    it('reads an already parsed value', () => {
      expect(parsed(parseDefinitionJson(json)).id).toBe('from-json');
    });

    it('reports invalid JSON text', () => {
      const result = parseDefinitionJson('{ "id": ');
      expect(result).toMatchObject({
        ok: false,
        errors: [{ path: '', message: expect.stringContaining('not valid JSON') }],
      });
    });

    it('reports errors with paths and no positions', () => {
      const result = parseDefinitionJson({
        ...json,
        steps: [{ id: 'a', owner: { team: 'x', colour: 'red' } }],
      });
      expect(result).toEqual({
        ok: false,
        errors: [
          {
            path: 'steps[0].owner.colour',
            message: "unknown field 'colour'; allowed: person, team, role, dataField, policy",
          },
        ],
      });
    });

    it('locates nothing', () => {
      const result = parseDefinitionJson(json);
      expect(result.ok && result.locate('steps[0]')).toBeUndefined();
    });
  });

  describe('locating a path in YAML source', () => {
    const result = parseDefinitionYaml(onboarding);
    const locate = result.ok ? result.locate : () => undefined;

    it('finds index paths and the id paths lint findings use', () => {
      expect(locate('steps[1].owner')).toEqual({ line: 18, column: 5 });
      expect(locate('steps[approve].owner')).toEqual({ line: 18, column: 5 });
      expect(locate('handoffs[approve->notify].on')).toEqual({ line: 35, column: 34 });
      expect(locate('exceptions[give-up]')).toEqual({ line: 43, column: 5 });
    });

    it('points at the nearest existing parent for a missing field', () => {
      expect(locate('steps[approve].outputs')).toEqual({ line: 15, column: 5 });
    });

    it('maps triggers[0] to a single trigger', () => {
      expect(locate('triggers[0].requires')).toEqual({ line: 6, column: 65 });
    });
  });
});
