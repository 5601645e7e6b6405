import type { EscalationLevel } from '../definition/model';
import { decide, foldDirectory } from './directory';
import {
  escalationSet,
  given,
  HOUR,
  personRegistered,
  snapshot,
  team,
  teamCreated,
  T0,
} from './test-support/directory-fixtures';

const meta = { now: T0 };
const chain: EscalationLevel[] = [
  { afterMs: 0, action: 'remind', to: { kind: 'data-field', field: 'assigneeId' } },
  { afterMs: 4 * HOUR, action: 'notify', to: { kind: 'role', role: 'it-lead' } },
  { afterMs: 4 * HOUR, action: 'reassign', to: { kind: 'team', teamId: 'it' } },
];

describe('Directory', () => {
  describe('SetAssignmentPolicy', () => {
    it('sets a team policy', () => {
      given(teamCreated('it'))
        .when({ type: 'SetAssignmentPolicy', data: { teamId: 'it', policy: 'least-loaded' }, metadata: meta })
        .then([{ type: 'AssignmentPolicySet', data: { teamId: 'it', policy: 'least-loaded' }, at: T0 }]);
    });

    it('refuses `direct`, which names one person and cannot spread work', () => {
      given(teamCreated('it'))
        .when({ type: 'SetAssignmentPolicy', data: { teamId: 'it', policy: 'direct' }, metadata: meta })
        .thenRefuses('POLICY.INVALID', 'validation');
    });

    it('refuses an unknown team', () => {
      given()
        .when({ type: 'SetAssignmentPolicy', data: { teamId: 'it', policy: 'round-robin' }, metadata: meta })
        .thenRefuses('TEAM.NOT_FOUND');
    });

    it('is visible in the snapshot', () => {
      const events = decide(
        { type: 'SetAssignmentPolicy', data: { teamId: 'it', policy: 'round-robin' }, metadata: meta },
        foldDirectory([teamCreated('it')]),
      );
      const view = snapshot(teamCreated('it'), ...events);
      expect(view.assignmentPolicyOf('it')).toBe('round-robin');
      expect(view.assignmentPolicyOf('nope')).toBeUndefined();
    });
  });

  describe('SetEscalationPolicy', () => {
    it('sets a chain whose levels do not go back in time', () => {
      given(teamCreated('it'))
        .when({ type: 'SetEscalationPolicy', data: { teamId: 'it', chain }, metadata: meta })
        .then([escalationSet('it', chain)]);
    });

    it('refuses levels out of order, negative or fractional delays, and unknown actions', () => {
      const bad = [
        { afterMs: HOUR, action: 'remind', to: { kind: 'role', role: 'x' } },
        { afterMs: 0, action: 'notify', to: { kind: 'role', role: 'x' } },
        { afterMs: -1, action: 'notify', to: { kind: 'role', role: 'x' } },
        { afterMs: 1.5, action: 'shout', to: { kind: 'role', role: 'x' } },
      ] as unknown as EscalationLevel[];
      let refusal: unknown;
      try {
        decide(
          { type: 'SetEscalationPolicy', data: { teamId: 'it', chain: bad }, metadata: meta },
          foldDirectory([teamCreated('it')]),
        );
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toMatchObject({
        code: 'ESCALATION.INVALID_CHAIN',
        violations: [
          { field: 'data.chain[1].afterMs', reason: 'OUT_OF_ORDER' },
          { field: 'data.chain[2].afterMs', reason: 'INVALID_DELAY' },
          { field: 'data.chain[2].afterMs', reason: 'OUT_OF_ORDER' },
          { field: 'data.chain[3].afterMs', reason: 'INVALID_DELAY' },
          { field: 'data.chain[3].action', reason: 'INVALID_ACTION' },
        ],
      });
    });

    it('refuses a target person or team that does not exist', () => {
      given(teamCreated('it'))
        .when({
          type: 'SetEscalationPolicy',
          data: {
            teamId: 'it',
            chain: [{ afterMs: 0, action: 'notify', to: { kind: 'person', personId: 'ghost' } }],
          },
          metadata: meta,
        })
        .thenRefuses('PERSON.NOT_FOUND');
      given(teamCreated('it'))
        .when({
          type: 'SetEscalationPolicy',
          data: {
            teamId: 'it',
            chain: [{ afterMs: 0, action: 'notify', to: { kind: 'team', teamId: 'ops' } }],
          },
          metadata: meta,
        })
        .thenRefuses('TEAM.NOT_FOUND');
    });

    it('accepts existing person and team targets, and an empty chain (clears it)', () => {
      given(...team('it', 'ana'))
        .when({
          type: 'SetEscalationPolicy',
          data: {
            teamId: 'it',
            chain: [
              { afterMs: 0, action: 'notify', to: { kind: 'person', personId: 'ana' } },
              { afterMs: 1, action: 'reassign', to: { kind: 'team', teamId: 'it' } },
            ],
          },
          metadata: meta,
        })
        .then([
          escalationSet('it', [
            { afterMs: 0, action: 'notify', to: { kind: 'person', personId: 'ana' } },
            { afterMs: 1, action: 'reassign', to: { kind: 'team', teamId: 'it' } },
          ]),
        ]);
      const view = snapshot(teamCreated('it'), escalationSet('it', chain), escalationSet('it', []));
      expect(view.escalationChainOf('it')).toEqual([]);
    });

    it('refuses an unknown team', () => {
      given(personRegistered('ana'))
        .when({ type: 'SetEscalationPolicy', data: { teamId: 'it', chain }, metadata: meta })
        .thenRefuses('TEAM.NOT_FOUND');
    });
  });
});
