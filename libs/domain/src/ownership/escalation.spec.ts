import type { EscalationLevel } from '../definition/model';
import {
  dueEscalations,
  escalationChainFor,
  escalationTargets,
  isOverdue,
  nextEscalationAt,
} from './escalation';
import {
  away,
  DAY,
  escalationSet,
  HOUR,
  personRegistered,
  roleGranted,
  snapshot,
  team,
  T0,
} from './test-support/directory-fixtures';

const itLead = { kind: 'role', role: 'it-lead' } as const;
const assignee = { kind: 'data-field', field: 'assigneeId' } as const;
const chain: EscalationLevel[] = [
  { afterMs: 0, action: 'remind', to: assignee },
  { afterMs: 4 * HOUR, action: 'notify', to: itLead },
  { afterMs: DAY, action: 'reassign', to: { kind: 'team', teamId: 'it' } },
];

describe('isOverdue', () => {
  it('is overdue from the due instant on, never without a deadline', () => {
    expect(isOverdue(T0, T0 - 1)).toBe(false);
    expect(isOverdue(T0, T0)).toBe(true);
    expect(isOverdue(undefined, T0)).toBe(false);
  });
});

describe('dueEscalations', () => {
  it('fires nothing before the overdue time and the first level at it', () => {
    expect(dueEscalations(chain, T0, T0 - 1)).toEqual([]);
    expect(dueEscalations(chain, T0, T0)).toEqual([{ level: 1, action: 'remind', to: assignee, dueAt: T0 }]);
  });

  it('returns every level that fell due since the last one fired, each with its due time', () => {
    expect(dueEscalations(chain, T0, T0 + DAY, 1)).toEqual([
      { level: 2, action: 'notify', to: itLead, dueAt: T0 + 4 * HOUR },
      { level: 3, action: 'reassign', to: { kind: 'team', teamId: 'it' }, dueAt: T0 + DAY },
    ]);
    expect(dueEscalations(chain, T0, T0 + DAY - 1, 2)).toEqual([]);
    expect(dueEscalations(chain, T0, T0 + 2 * DAY, 3)).toEqual([]);
  });

  it('never fires a level before an earlier one, even in a chain whose delays decrease', () => {
    const odd: EscalationLevel[] = [
      { afterMs: DAY, action: 'notify', to: itLead },
      { afterMs: 0, action: 'remind', to: itLead },
    ];
    expect(dueEscalations(odd, T0, T0 + HOUR)).toEqual([]);
    expect(dueEscalations(odd, T0, T0 + DAY).map((d) => d.level)).toEqual([1, 2]);
  });

  it('fires nothing before the step is overdue, even for a negative delay', () => {
    const early: EscalationLevel[] = [{ afterMs: -HOUR, action: 'remind', to: itLead }];
    expect(dueEscalations(early, T0, T0 - 1)).toEqual([]);
    expect(dueEscalations(early, T0, T0)).toEqual([
      { level: 1, action: 'remind', to: itLead, dueAt: T0 - HOUR },
    ]);
  });

  it('treats a broken level count as none fired', () => {
    expect(dueEscalations(chain, T0, T0, Number.NaN).map((d) => d.level)).toEqual([1]);
    expect(nextEscalationAt(chain, T0, -3)).toBe(T0);
  });

  it('says when the next level is due', () => {
    expect(nextEscalationAt(chain, T0)).toBe(T0);
    expect(nextEscalationAt(chain, T0, 2)).toBe(T0 + DAY);
    expect(nextEscalationAt(chain, T0, 3)).toBeUndefined();
  });
});

describe('escalationChainFor', () => {
  const view = snapshot(...team('it', 'ana'), escalationSet('it', chain));

  it("prefers the step's own chain", () => {
    const own: EscalationLevel[] = [{ afterMs: 1, action: 'notify', to: itLead }];
    expect(escalationChainFor(own, 'it', view)).toBe(own);
  });

  it("falls back to the team's policy, and to none without a team", () => {
    expect(escalationChainFor([], 'it', view)).toEqual(chain);
    expect(escalationChainFor([], undefined, view)).toEqual([]);
  });
});

describe('escalationTargets', () => {
  it('resolves each due level like an assignment, skipping people who are away', () => {
    const view = snapshot(
      ...team('it', 'ana', 'bo'),
      personRegistered('lee'),
      roleGranted('lee', 'it-lead'),
      personRegistered('max'),
      roleGranted('max', 'it-lead'),
      away('max', T0),
    );
    const due = dueEscalations(chain, T0, T0 + DAY);
    const targets = escalationTargets(due, {
      data: { assigneeId: 'bo' },
      now: T0 + DAY,
      snapshot: view,
      workload: () => 0,
    });
    expect(targets.map((t) => [t.level, t.target])).toEqual([
      [1, expect.objectContaining({ kind: 'assigned', personId: 'bo', teamId: 'it' })],
      [2, expect.objectContaining({ kind: 'claim', candidates: ['lee'] })],
      [3, expect.objectContaining({ kind: 'claim', candidates: ['ana', 'bo'], teamId: 'it' })],
    ]);
  });
});
