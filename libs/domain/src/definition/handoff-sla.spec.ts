import { lintDefinition } from './lint';
import { parseDefinitionJson, parseDefinitionYaml } from './parse';
import { serializeDefinitionYaml } from './serialize';
import { aDefinition, aHandoff, aStep, DAY_MS, parseErrorsOf, YAML_HEAD } from './test-builders';

const HOUR = 3_600_000;
const withHandoff = (handoff: string) => `${YAML_HEAD}steps:
  - { id: triage, owner: { team: ops }, deadline: P1D }
  - { id: review, owner: { team: risk }, deadline: P2D }
handoffs:
  - { from: start, to: triage }
  - ${handoff}
  - { from: review, to: end, on: completed }
`;
const slaOf = (source: string) => {
  const parsed = parseDefinitionYaml(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition.handoffs[1]?.sla;
};

describe('Handoff SLAs in the definition language', () => {
  describe('parsing', () => {
    it('reads sla: PT4H as the total handoff time allowed, with no at-risk threshold', () => {
      expect(slaOf(withHandoff('{ from: triage, to: review, on: completed, sla: PT4H }'))).toEqual({
        withinMs: 4 * HOUR,
      });
    });

    it('reads { within, atRisk: 80% } as the share of the SLA after which it is at risk', () => {
      const source = withHandoff(
        '{ from: triage, to: review, on: completed, sla: { within: P1DT2H, atRisk: 80% } }',
      );
      expect(slaOf(source)).toEqual({ withinMs: DAY_MS + 2 * HOUR, atRiskPercent: 80 });
      const json = parseDefinitionJson({
        id: 'p',
        category: 'operational',
        steps: [{ id: 'a' }, { id: 'b' }],
        handoffs: [{ from: 'a', to: 'b', sla: { within: 'PT30M', atRisk: '50%' } }],
      });
      expect(json.ok && json.definition.handoffs[0]?.sla).toEqual({
        withinMs: 30 * 60_000,
        atRiskPercent: 50,
      });
    });

    it.each([
      [
        'an at-risk threshold at the deadline',
        '{ within: PT4H, atRisk: 100% }',
        'handoffs[1].sla.atRisk',
        'must be below 100%',
      ],
      [
        'an at-risk threshold past it',
        '{ within: PT4H, atRisk: 120% }',
        'handoffs[1].sla.atRisk',
        'must be below 100%',
      ],
      ['a zero threshold', '{ within: PT4H, atRisk: 0% }', 'handoffs[1].sla.atRisk', 'must be at least 1%'],
      [
        'a threshold that is not a percentage',
        '{ within: PT4H, atRisk: PT1H }',
        'handoffs[1].sla.atRisk',
        "'PT1H' is not a percentage",
      ],
      ['a number for a threshold', '{ within: PT4H, atRisk: 80 }', 'handoffs[1].sla.atRisk', "e.g. '80%'"],
      ['no time at all', 'PT0S', 'handoffs[1].sla', 'must be a positive duration'],
      ['a month', 'P1M', 'handoffs[1].sla', 'years and months have no fixed length'],
      ['a missing within', '{ atRisk: 80% }', 'handoffs[1].sla.within', 'is required'],
      [
        'an unknown field',
        '{ within: PT4H, warnAt: PT3H }',
        'handoffs[1].sla.warnAt',
        'allowed: within, atRisk',
      ],
    ])('refuses %s at its path', (_, sla, path, message) => {
      const errors = parseErrorsOf(withHandoff(`{ from: triage, to: review, on: completed, sla: ${sla} }`));
      expect(errors).toEqual([
        expect.objectContaining({ path, message: expect.stringContaining(message), line: 8 }),
      ]);
    });

    it('refuses an SLA on a handoff into end: no step starts there', () => {
      const source = withHandoff('{ from: triage, to: review, on: completed }').replace(
        '{ from: review, to: end, on: completed }',
        '{ from: review, to: end, on: completed, sla: PT1H }',
      );
      expect(parseErrorsOf(source)).toEqual([
        expect.objectContaining({ path: 'handoffs[2].sla', message: expect.stringContaining("into 'end'") }),
      ]);
    });
  });

  describe('serializing', () => {
    it.each(['PT4H', '{ within: P2D, atRisk: 75% }'])(
      'writes sla %s back so it parses to the same definition',
      (sla) => {
        const parsed = parseDefinitionYaml(
          withHandoff(`{ from: triage, to: review, on: completed, sla: ${sla} }`),
        );
        if (!parsed.ok) throw new Error('does not parse');
        const again = parseDefinitionYaml(serializeDefinitionYaml(parsed.definition));
        expect(again.ok && again.definition).toEqual(parsed.definition);
      },
    );
  });

  describe('lint (handoff-sla-unmeetable)', () => {
    const findings = (definition = aDefinition()) =>
      lintDefinition(definition).filter((f) => f.rule === 'handoff-sla-unmeetable');
    const into = (step: ReturnType<typeof aStep>, sla: { withinMs: number; atRiskPercent?: number }) =>
      aDefinition({
        steps: [aStep('a'), step],
        handoffs: [aHandoff('start', 'a'), aHandoff('a', step.id, { sla }), aHandoff(step.id, 'end')],
      });

    it('accepts an SLA shorter than the target step’s own deadline: the handoff ends when the step starts', () => {
      expect(
        findings(
          into(aStep('b', { deadline: { kind: 'within', durationMs: 3 * DAY_MS } }), { withinMs: HOUR }),
        ),
      ).toEqual([]);
    });

    it('flags an SLA into a timer that fires after it: the handoff would always be breached', () => {
      const timer = aStep('wait', {
        kind: 'timer',
        fires: { kind: 'within', durationMs: 2 * DAY_MS },
      } as never);
      expect(findings(into(timer, { withinMs: DAY_MS }))).toEqual([
        expect.objectContaining({
          severity: 'error',
          path: 'handoffs[a->wait].sla',
          message: expect.stringContaining('always misses its SLA of P1D'),
        }),
      ]);
      expect(findings(into(timer, { withinMs: 2 * DAY_MS }))).toEqual([]);
    });

    it('flags, in definitions built in code, an at-risk threshold at or past the deadline and an SLA into end', () => {
      const definition = aDefinition({
        steps: [aStep('a')],
        handoffs: [
          aHandoff('start', 'a', { sla: { withinMs: HOUR, atRiskPercent: 100 } }),
          aHandoff('a', 'end', { sla: { withinMs: HOUR } }),
        ],
      });
      expect(findings(definition).map((f) => [f.path, f.message])).toEqual([
        ['handoffs[start->a].sla', expect.stringContaining('from 1% to 99%')],
        ['handoffs[a->end].sla', expect.stringContaining("into 'end'")],
      ]);
    });
  });
});
