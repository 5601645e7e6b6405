import { END, START } from '../model';
import { aDefinition, aHandoff, anApproval, aStep } from '../test-builders';
import { lintDefinition } from './index';
import type { LintRuleId } from './rules';

const findingsOf = (rule: LintRuleId, definition = aDefinition()) =>
  lintDefinition(definition).filter((finding) => finding.rule === rule);

const twoSteps = (...handoffs: ReturnType<typeof aHandoff>[]) =>
  aDefinition({
    steps: [aStep('a'), aStep('b')],
    handoffs: [aHandoff(START, 'a'), ...handoffs, aHandoff('b', END)],
  });

describe('Lint: handoff design', () => {
  describe('handoff-without-trigger', () => {
    it('warns when a handoff between steps does not say what fires it', () => {
      const definition = twoSteps(aHandoff('a', 'b', { trigger: undefined }));
      expect(findingsOf('handoff-without-trigger', definition)).toEqual([
        expect.objectContaining({ severity: 'warning', path: 'handoffs[a->b].on' }),
      ]);
    });

    it('counts an explicit completion, outcome or event trigger as designed', () => {
      const definition = twoSteps(
        aHandoff('a', 'b', { trigger: { kind: 'event', event: 'x.y', correlationKey: 'caseId' } }),
      );
      expect(findingsOf('handoff-without-trigger', definition)).toEqual([]);
    });

    it('does not apply to handoffs from start, which fire when the instance starts', () => {
      expect(findingsOf('handoff-without-trigger')).toEqual([]);
    });
  });

  describe('handoff-without-data-contract', () => {
    it('warns when a handoff to a step has no data contract', () => {
      const definition = twoSteps(aHandoff('a', 'b', { data: undefined }));
      expect(findingsOf('handoff-without-data-contract', definition)).toEqual([
        expect.objectContaining({ severity: 'warning', path: 'handoffs[a->b].data' }),
      ]);
    });

    it('accepts an explicitly empty contract and exempts handoffs into end', () => {
      expect(findingsOf('handoff-without-data-contract', twoSteps(aHandoff('a', 'b', { data: [] })))).toEqual(
        [],
      );
    });
  });

  describe('handoff-without-owner', () => {
    it('warns when a handoff to a step has no owner', () => {
      const definition = twoSteps(aHandoff('a', 'b', { owner: undefined }));
      expect(findingsOf('handoff-without-owner', definition)).toEqual([
        expect.objectContaining({ severity: 'warning', path: 'handoffs[a->b].owner' }),
      ]);
    });
  });

  describe('exclusive-choice-without-default', () => {
    it('warns when conditional routes from a step have no default', () => {
      const definition = twoSteps(
        aHandoff('a', 'b', { condition: 'data.x > 1' }),
        aHandoff('a', END, { condition: 'data.x <= 1' }),
      );
      expect(findingsOf('exclusive-choice-without-default', definition)).toEqual([
        expect.objectContaining({ severity: 'warning', path: 'handoffs[a->b]' }),
      ]);
    });

    it('is satisfied by a default route', () => {
      const definition = twoSteps(
        aHandoff('a', 'b', { condition: 'data.x > 1' }),
        aHandoff('a', END, { default: true }),
      );
      expect(findingsOf('exclusive-choice-without-default', definition)).toEqual([]);
    });
  });

  describe('approval-without-outcome-routing', () => {
    const withApproval = (...rest: Partial<Parameters<typeof aDefinition>[0]>[]) =>
      aDefinition({
        steps: [anApproval('decide', ['yes', 'no', 'later']), aStep('b')],
        handoffs: [
          aHandoff(START, 'decide'),
          aHandoff('decide', 'b', { trigger: { kind: 'outcome', outcomes: ['yes'] } }),
          aHandoff('b', END),
        ],
        ...Object.assign({}, ...rest),
      });

    it('is an error for each outcome no handoff or exception path takes', () => {
      const findings = findingsOf('approval-without-outcome-routing', withApproval());
      expect(findings.map((f) => [f.severity, f.path, f.message])).toEqual([
        [
          'error',
          'steps[decide].outcomes',
          expect.stringContaining("outcome 'no' of approval 'decide' leads nowhere"),
        ],
        ['error', 'steps[decide].outcomes', expect.stringContaining("outcome 'later'")],
      ]);
    });

    it('counts rejections with that outcome, or with any outcome', () => {
      const definition = withApproval({
        exceptions: [
          { id: 'no', from: 'decide', on: 'rejected', outcomes: ['no'], action: 'cancel' },
          { id: 'broken', from: 'decide', on: 'failed', outcomes: [], action: 'fail' },
        ],
      });
      expect(findingsOf('approval-without-outcome-routing', definition).map((f) => f.message)).toEqual([
        expect.stringContaining("'later'"),
      ]);
      const anyRejection = withApproval({
        exceptions: [{ id: 'any', from: 'decide', on: 'rejected', outcomes: [], action: 'cancel' }],
      });
      expect(findingsOf('approval-without-outcome-routing', anyRejection)).toEqual([]);
    });

    it('counts a handoff that fires on any completion', () => {
      const definition = withApproval({
        handoffs: [aHandoff(START, 'decide'), aHandoff('decide', 'b'), aHandoff('b', END)],
      });
      expect(findingsOf('approval-without-outcome-routing', definition)).toEqual([]);
    });
  });
});
