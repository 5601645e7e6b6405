import { END, START, type Waiver } from '../model';
import { aDefinition, aHandoff, aStep } from '../test-builders';
import { canPublish, lintDefinition } from './index';

const waiver = (rule: string, path: string): Waiver => ({
  rule,
  path,
  reason: 'accepted for the pilot',
  approvedBy: 'ops-director',
});

/** A step without owner (error) and a handoff without owner (warning). */
const flawed = (waivers: Waiver[] = []) =>
  aDefinition({
    steps: [aStep('work', { owner: undefined }), aStep('check')],
    handoffs: [
      aHandoff(START, 'work'),
      aHandoff('work', 'check', { owner: undefined }),
      aHandoff('check', END),
    ],
    waivers,
  });

describe('Lint: waivers and publishing', () => {
  describe('given no waivers', () => {
    const findings = lintDefinition(flawed());

    it('reports the error and the warning unwaived', () => {
      expect(findings.map((f) => [f.rule, f.severity, f.waived])).toEqual([
        ['step-without-owner', 'error', undefined],
        ['handoff-without-owner', 'warning', undefined],
      ]);
    });

    it('refuses publishing because of the error only', () => {
      expect(canPublish(findings)).toEqual({ ok: false, blocking: [findings[0]] });
    });
  });

  describe('given waivers for both findings', () => {
    const waivers = [
      waiver('step-without-owner', 'steps[work]'),
      waiver('handoff-without-owner', 'handoffs[1]'),
    ];
    const findings = lintDefinition(flawed(waivers));

    it('returns the findings marked with their waiver, so they stay visible', () => {
      expect(findings).toEqual([
        expect.objectContaining({
          rule: 'step-without-owner',
          path: 'steps[work].owner',
          waived: waivers[0],
        }),
        expect.objectContaining({
          rule: 'handoff-without-owner',
          path: 'handoffs[work->check].owner',
          waived: waivers[1],
        }),
      ]);
    });

    it('allows publishing', () => {
      expect(canPublish(findings)).toEqual({ ok: true, blocking: [] });
    });
  });

  describe('given a waiver for the whole definition', () => {
    it('covers every finding of its rule', () => {
      const findings = lintDefinition(flawed([waiver('handoff-without-owner', '')]));
      expect(findings[1]?.waived).toBeDefined();
    });
  });

  describe('given a waiver that matches nothing', () => {
    it('reports it as unused, with a reason', () => {
      const findings = lintDefinition(
        aDefinition({
          waivers: [
            waiver('step-without-owner', 'steps[work]'),
            waiver('unreachable-step', 'steps[work]'),
            waiver('no-such-rule', ''),
          ],
        }),
      );
      expect(findings.map((f) => [f.rule, f.severity, f.path, f.message])).toEqual([
        [
          'unused-waiver',
          'warning',
          'waivers[0]',
          "the waiver of 'step-without-owner' at 'steps[work]' accepts no finding; remove it",
        ],
        [
          'unused-waiver',
          'warning',
          'waivers[1]',
          "findings of 'unreachable-step' cannot be waived; remove the waiver",
        ],
        ['unused-waiver', 'warning', 'waivers[2]', "the waiver names unknown rule 'no-such-rule'"],
      ]);
      expect(canPublish(findings).ok).toBe(true);
    });
  });

  describe('given a waiver of a structural error', () => {
    it('does not accept it: the error keeps blocking', () => {
      const definition = aDefinition({
        steps: [aStep('work'), aStep('orphan')],
        waivers: [waiver('unreachable-step', 'steps[orphan]')],
      });
      const findings = lintDefinition(definition);
      expect(findings.find((f) => f.rule === 'unreachable-step')?.waived).toBeUndefined();
      expect(canPublish(findings).blocking.map((f) => f.rule)).toEqual(['unreachable-step']);
    });
  });

  describe('given a waiver of another rule at the same path', () => {
    it('does not accept the finding', () => {
      const findings = lintDefinition(flawed([waiver('step-without-deadline', 'steps[work]')]));
      expect(findings[0]?.waived).toBeUndefined();
    });
  });
});
