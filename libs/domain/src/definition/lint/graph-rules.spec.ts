import { END, START, type ExceptionPath } from '../model';
import { aChain, aDefinition, aHandoff, anApproval, aStep } from '../test-builders';
import { lintDefinition } from './index';
import type { LintRuleId } from './rules';

const findingsOf = (rule: LintRuleId, definition = aDefinition()) =>
  lintDefinition(definition).filter((finding) => finding.rule === rule);

describe('Lint: process graph', () => {
  describe('unreachable-step', () => {
    it('is an error for a step nothing leads to', () => {
      const definition = aDefinition({
        steps: [aStep('work'), aStep('orphan')],
        handoffs: [...aChain('work'), aHandoff('orphan', END)],
      });
      expect(findingsOf('unreachable-step', definition)).toEqual([
        {
          rule: 'unreachable-step',
          severity: 'error',
          path: 'steps[orphan]',
          message: "step 'orphan' can never run: no handoff or exception path from start leads to it",
        },
      ]);
    });

    it('says so when no handoff leaves start', () => {
      const definition = aDefinition({ handoffs: [aHandoff('work', END)] });
      expect(findingsOf('unreachable-step', definition).map((f) => f.message)).toEqual([
        "step 'work' can never run: no handoff leaves start",
      ]);
    });

    it('counts an exception step as reached through its exception path', () => {
      const definition = aDefinition({
        steps: [aStep('work'), aStep('repair')],
        handoffs: [...aChain('work'), aHandoff('repair', END)],
        exceptions: [
          {
            id: 'broken',
            from: 'work',
            on: 'failed',
            outcomes: [],
            action: 'exception-step',
            target: 'repair',
          },
        ],
      });
      expect(findingsOf('unreachable-step', definition)).toEqual([]);
    });
  });

  describe('step-cannot-reach-end', () => {
    it('is an error for a reachable step with no way to end', () => {
      const definition = aDefinition({
        steps: [aStep('work'), aStep('dead-end')],
        handoffs: [aHandoff(START, ['work', 'dead-end']), aHandoff('work', END)],
      });
      expect(findingsOf('step-cannot-reach-end', definition)).toEqual([
        expect.objectContaining({ severity: 'error', path: 'steps[dead-end]' }),
      ]);
    });

    it('does not count exception paths as a way to end', () => {
      const definition = aDefinition({
        steps: [anApproval('review', ['ok']), aStep('work')],
        handoffs: [aHandoff(START, 'review'), aHandoff('work', END)],
        exceptions: [
          {
            id: 'redo',
            from: 'review',
            on: 'rejected',
            outcomes: [],
            action: 'rework',
            target: 'work',
            maxIterations: 1,
          },
        ],
      });
      expect(findingsOf('step-cannot-reach-end', definition).map((f) => f.path)).toEqual(['steps[review]']);
    });

    it('leaves unreachable steps to unreachable-step', () => {
      const definition = aDefinition({ steps: [aStep('work'), aStep('orphan')] });
      expect(findingsOf('step-cannot-reach-end', definition)).toEqual([]);
    });
  });

  describe('join-without-split', () => {
    const branches = ['it', 'hr', 'manager'].map((id) => aStep(id));

    it('accepts a join of the branches of one parallel split', () => {
      const definition = aDefinition({
        steps: [...branches, aStep('day-one')],
        handoffs: [
          aHandoff(START, ['it', 'hr', 'manager']),
          aHandoff(['it', 'hr', 'manager'], 'day-one'),
          aHandoff('day-one', END),
        ],
      });
      expect(findingsOf('join-without-split', definition)).toEqual([]);
    });

    it('accepts a join of steps further down distinct branches', () => {
      const definition = aDefinition({
        steps: [...branches, aStep('laptop'), aStep('day-one')],
        handoffs: [
          aHandoff(START, ['it', 'hr']),
          aHandoff('it', 'laptop'),
          aHandoff(['laptop', 'hr'], 'day-one', { join: { kind: 'n-of-m', count: 2 } }),
          aHandoff('day-one', END),
        ],
      });
      expect(findingsOf('join-without-split', definition)).toEqual([]);
    });

    it('is an error for a join of the branches of an exclusive choice', () => {
      const definition = aDefinition({
        steps: [aStep('triage'), aStep('small'), aStep('large'), aStep('pay')],
        handoffs: [
          aHandoff(START, 'triage'),
          aHandoff('triage', 'small', { condition: 'data.amount < 1000' }),
          aHandoff('triage', 'large', { default: true }),
          aHandoff(['small', 'large'], 'pay'),
          aHandoff('pay', END),
        ],
      });
      expect(findingsOf('join-without-split', definition)).toEqual([
        expect.objectContaining({ severity: 'error', path: 'handoffs[small+large->pay].join' }),
      ]);
    });

    it('is an error when two joined steps share one branch', () => {
      const definition = aDefinition({
        steps: [aStep('a'), aStep('a2'), aStep('b'), aStep('c')],
        handoffs: [
          aHandoff(START, ['a', 'b']),
          aHandoff('a', 'a2', { condition: 'data.x' }),
          aHandoff('a', END, { default: true }),
          aHandoff(['a', 'a2'], 'c'),
          aHandoff('b', END),
          aHandoff('c', END),
        ],
      });
      expect(findingsOf('join-without-split', definition).map((f) => f.path)).toEqual([
        'handoffs[a+a2->c].join',
      ]);
    });

    it('does not check join: first, which merges alternatives', () => {
      const definition = aDefinition({
        steps: [aStep('triage'), aStep('small'), aStep('large'), aStep('pay')],
        handoffs: [
          aHandoff(START, 'triage'),
          aHandoff('triage', 'small', { condition: 'data.amount < 1000' }),
          aHandoff('triage', 'large', { default: true }),
          aHandoff(['small', 'large'], 'pay', { join: { kind: 'first' } }),
          aHandoff('pay', END),
        ],
      });
      expect(findingsOf('join-without-split', definition)).toEqual([]);
    });
  });

  describe('rework-without-bound', () => {
    const review = anApproval('review', ['ok', 'redo']);
    const base = {
      steps: [aStep('draft'), review],
      handoffs: [
        aHandoff(START, 'draft'),
        aHandoff('draft', 'review'),
        aHandoff('review', END, { trigger: { kind: 'outcome' as const, outcomes: ['ok'] } }),
      ],
    };
    const rework = (maxIterations: number): ExceptionPath => ({
      id: 'redo',
      from: 'review',
      on: 'rejected',
      outcomes: ['redo'],
      action: 'rework',
      target: 'draft',
      maxIterations,
    });

    it('accepts a rework path with maxIterations', () => {
      expect(findingsOf('rework-without-bound', aDefinition({ ...base, exceptions: [rework(3)] }))).toEqual(
        [],
      );
    });

    it('is an error for a rework path without maxIterations', () => {
      expect(findingsOf('rework-without-bound', aDefinition({ ...base, exceptions: [rework(0)] }))).toEqual([
        expect.objectContaining({ severity: 'error', path: 'exceptions[redo].maxIterations' }),
      ]);
    });

    it('is an error for a loop made of handoffs alone, reported once', () => {
      const definition = aDefinition({
        ...base,
        handoffs: [
          ...base.handoffs,
          aHandoff('review', 'draft', { trigger: { kind: 'outcome', outcomes: ['redo'] } }),
        ],
      });
      expect(findingsOf('rework-without-bound', definition)).toEqual([
        expect.objectContaining({
          path: 'handoffs[draft->review]',
          message: expect.stringContaining('steps draft, review form a loop of handoffs'),
        }),
      ]);
    });

    it('is an error for an exception step that leads back without a bound, and accepts one with a bound', () => {
      const loop = (maxIterations?: number): ExceptionPath => ({
        id: 'mismatch',
        from: 'invoice',
        on: 'failed',
        outcomes: [],
        action: 'exception-step',
        target: 'reconcile',
        ...(maxIterations ? { maxIterations } : {}),
      });
      const definition = (exception: ExceptionPath) =>
        aDefinition({
          steps: [aStep('invoice'), aStep('reconcile')],
          handoffs: [...aChain('invoice'), aHandoff('reconcile', 'invoice')],
          exceptions: [exception],
        });
      expect(findingsOf('rework-without-bound', definition(loop()))).toEqual([
        expect.objectContaining({ path: 'exceptions[mismatch].maxIterations' }),
      ]);
      expect(findingsOf('rework-without-bound', definition(loop(2)))).toEqual([]);
    });
  });
});
