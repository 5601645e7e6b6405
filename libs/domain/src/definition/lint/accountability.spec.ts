import { END, START } from '../model';
import { aChain, aDefinition, aDirectory, aHandoff, aStep } from '../test-builders';
import { lintDefinition } from './index';
import type { LintRuleId } from './rules';
import type { LintOptions } from './types';

const findingsOf = (rule: LintRuleId, definition = aDefinition(), options: LintOptions = {}) =>
  lintDefinition(definition, options).filter((finding) => finding.rule === rule);

describe('Lint: accountability', () => {
  describe('given the default test definition', () => {
    it('finds nothing', () => {
      expect(lintDefinition(aDefinition(), { directory: aDirectory() })).toEqual([]);
    });
  });

  describe('step-without-owner', () => {
    it('is an error on a step with no owner', () => {
      const definition = aDefinition({ steps: [aStep('work', { owner: undefined })] });
      expect(findingsOf('step-without-owner', definition)).toEqual([
        {
          rule: 'step-without-owner',
          severity: 'error',
          path: 'steps[work].owner',
          message: "step 'work' has no owner: name a person, team, role or dataField accountable for it",
        },
      ]);
    });

    it('does not apply to a timer, which does no work', () => {
      const timer = aStep('wait', {
        kind: 'timer',
        fires: { kind: 'within', durationMs: 1000 },
        owner: undefined,
        deadline: undefined,
      });
      const definition = aDefinition({ steps: [timer], handoffs: aChain('wait') });
      expect(findingsOf('step-without-owner', definition)).toEqual([]);
      expect(findingsOf('step-without-deadline', definition)).toEqual([]);
    });
  });

  describe('step-without-deadline', () => {
    it('is an error on a step with no deadline', () => {
      const definition = aDefinition({ steps: [aStep('work', { deadline: undefined })] });
      expect(findingsOf('step-without-deadline', definition)).toEqual([
        expect.objectContaining({ severity: 'error', path: 'steps[work].deadline' }),
      ]);
    });
  });

  describe('process-without-owner', () => {
    it('is a warning on a process with no owner', () => {
      expect(findingsOf('process-without-owner', aDefinition({ owner: undefined }))).toEqual([
        expect.objectContaining({ severity: 'warning', path: 'owner' }),
      ]);
    });
  });

  describe('single-person-dependency', () => {
    const steps = [
      aStep('by-person', { owner: { kind: 'person', personId: 'pat' }, policy: 'direct' }),
      aStep('by-team', { owner: { kind: 'team', teamId: 'tax' } }),
      aStep('by-role', { owner: { kind: 'role', role: 'cfo' } }),
      aStep('by-empty-team', { owner: { kind: 'team', teamId: 'ghosts' } }),
      aStep('by-data', { owner: { kind: 'data-field', field: 'caseId' }, policy: 'direct' }),
    ];
    const definition = aDefinition({
      steps,
      handoffs: [
        aHandoff(
          START,
          steps.map((s) => s.id),
        ),
        aHandoff(
          steps.map((s) => s.id),
          END,
        ),
      ],
    });

    it('flags a person owner even without a directory', () => {
      expect(findingsOf('single-person-dependency', definition).map((f) => f.path)).toEqual([
        'steps[by-person].owner',
      ]);
    });

    it('flags teams and roles with fewer than two people in the directory', () => {
      const directory = aDirectory({ tax: ['ana'], ghosts: [] }, { cfo: ['carl', 'carl'] });
      const findings = findingsOf('single-person-dependency', definition, { directory });
      expect(findings.map((f) => [f.path, f.message])).toEqual([
        ['steps[by-person].owner', "only pat can perform step 'by-person': own it by a team or role"],
        ['steps[by-team].owner', "only ana (team tax) can perform step 'by-team': add a second person"],
        ['steps[by-role].owner', "only carl (role cfo) can perform step 'by-role': add a second person"],
        [
          'steps[by-empty-team].owner',
          "nobody in the directory is in team ghosts, which owns step 'by-empty-team'",
        ],
      ]);
      expect(findings.every((f) => f.severity === 'warning')).toBe(true);
    });

    it('does not flag teams and roles with two or more people', () => {
      const findings = findingsOf('single-person-dependency', definition, { directory: aDirectory() });
      expect(findings.map((f) => f.path)).toEqual(['steps[by-person].owner']);
    });
  });
});
