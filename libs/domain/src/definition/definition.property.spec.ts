import fc from 'fast-check';
import { stringify } from 'yaml';
import { LINT_RULES, lintDefinition } from './lint';
import { parseDefinitionJson, parseDefinitionYaml } from './parse';
import { definitionToSource, serializeDefinitionYaml } from './serialize';
import { END, START } from './model';
import { aDefinition, aDirectory, aHandoff, anApproval, aStep } from './test-builders';

const FIELDS = ['caseId', 'amount', 'dueDate', 'ownerId', 'notes'];
const OUTCOMES = ['yes', 'no', 'later'];

const duration = fc.constantFrom('PT30M', 'P1D', 'P2DT4H', 'PT1.5S', 'P1W');
const signed = fc.constantFrom('-P2D', 'PT0S', 'P1D', '-PT4H');
const deadline = fc.oneof(duration, fc.record({ relativeTo: fc.constantFrom(...FIELDS), offset: signed }));
const owner = fc.oneof(
  fc.record({ team: fc.constantFrom('ops', 'it') }),
  fc.record({ role: fc.constantFrom('lead', 'clerk') }),
  fc.record({ person: fc.constant('pat') }),
  fc.record({ dataField: fc.constantFrom(...FIELDS) }),
);
const fields = fc
  .subarray(FIELDS)
  .map((names) => names.map((name, i) => (i % 2 ? { name, type: 'date' } : name)));

function step(id: string) {
  const common = {
    id: fc.constant(id),
    name: fc.option(fc.constantFrom('Do it', 'Review'), { nil: undefined }),
    owner: fc.option(owner, { nil: undefined }),
    deadline: fc.option(deadline, { nil: undefined }),
    outputs: fc.option(fields, { nil: undefined }),
  };
  return fc.oneof(
    fc.record({ ...common, kind: fc.constant('human-task') }),
    fc.record({
      ...common,
      kind: fc.constant('approval'),
      outcomes: fc.subarray(OUTCOMES, { minLength: 1 }),
    }),
    fc.record({
      ...common,
      kind: fc.constant('automated'),
      system: fc.constant('erp'),
      operation: fc.constant('post'),
    }),
    fc.record({
      ...common,
      kind: fc.constant('wait-for-event'),
      event: fc.constant('x.y'),
      correlationKey: fc.constantFrom(...FIELDS),
    }),
    fc.record({ id: fc.constant(id), kind: fc.constant('timer'), fires: deadline }),
  );
}

/** Definitions in the source format whose references are mostly consistent. */
const source = fc
  .uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1, maxLength: 5 })
  .chain((ids) => {
    const handoff = fc.record(
      {
        from: fc.oneof(
          fc.constant('start'),
          fc.subarray(ids, { minLength: 1, maxLength: Math.min(2, ids.length) }),
        ),
        to: fc.oneof(
          fc.constant('end'),
          fc.subarray(ids, { minLength: 1, maxLength: Math.min(2, ids.length) }),
        ),
        data: fc.option(fields, { nil: undefined }),
        owner: fc.option(fc.record({ role: fc.constant('coordinator') }), { nil: undefined }),
        when: fc.option(fc.constantFrom('data.amount > 10', 'has(data.notes)'), { nil: undefined }),
        sla: fc.option(
          fc.oneof(duration, fc.record({ within: duration, atRisk: fc.constantFrom('1%', '80%', '99%') })),
          { nil: undefined },
        ),
      },
      { requiredKeys: ['from', 'to'] },
    );
    return fc.record({
      id: fc.constant('generated'),
      category: fc.constantFrom('operational', 'management', 'support'),
      owner: fc.option(owner, { nil: undefined }),
      trigger: fc.option(
        fc.record({
          event: fc.constant('case.opened'),
          correlationKey: fc.constant('caseId'),
          requires: fields,
        }),
        {
          nil: undefined,
        },
      ),
      data: fc.option(fields, { nil: undefined }),
      steps: fc.tuple(...ids.map(step)),
      handoffs: fc.uniqueArray(handoff, {
        maxLength: 7,
        selector: (h) => `${String(h.from)}->${String(h.to)}`,
      }),
      exceptions: fc.uniqueArray(
        fc.record({
          from: fc.constantFrom(...ids),
          on: fc.constant('failed'),
          action: fc.constantFrom('rework', 'exception-step', 'fail'),
          to: fc.constantFrom(...ids),
          maxIterations: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        }),
        { maxLength: 2, selector: (e) => e.from },
      ),
    });
  });

const withoutUndefined = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** Drops what the generator cannot keep consistent cheaply (targets of terminal actions, SLAs into end). */
function tidy(value: Record<string, unknown>): unknown {
  const exceptions = (value['exceptions'] as Record<string, unknown>[]).map((e) =>
    e['action'] === 'fail' ? { from: e['from'], on: e['on'], action: 'fail' } : e,
  );
  const handoffs = (value['handoffs'] as Record<string, unknown>[]).map((h) =>
    h['to'] === 'end' ? { ...h, sla: undefined } : h,
  );
  return withoutUndefined({ ...value, handoffs, exceptions });
}

describe('Definitions (properties)', () => {
  it('parses most generated sources, lints every parsed one without throwing, and reads back its serialization', () => {
    let parsed = 0;
    fc.assert(
      fc.property(source, (raw) => {
        const result = parseDefinitionJson(tidy(raw));
        if (!result.ok) return;
        parsed += 1;
        const findings = lintDefinition(result.definition, { directory: aDirectory({ ops: ['solo'] }) });
        for (const finding of findings) {
          expect(finding.severity).toBe(LINT_RULES[finding.rule].severity);
          expect(finding.message.length).toBeGreaterThan(0);
        }
        const fromJson = parseDefinitionJson(
          JSON.parse(JSON.stringify(definitionToSource(result.definition))),
        );
        expect(fromJson.ok && fromJson.definition).toEqual(result.definition);
        const fromYaml = parseDefinitionYaml(serializeDefinitionYaml(result.definition));
        expect(fromYaml.ok && fromYaml.definition).toEqual(result.definition);
      }),
      { numRuns: 300 },
    );
    expect(parsed).toBeGreaterThan(100);
  });

  it('never throws on arbitrary JSON values, and reports errors with paths', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parseDefinitionJson(value);
        if (!result.ok) expect(result.errors.every((error) => typeof error.path === 'string')).toBe(true);
      }),
    );
  });

  it('never throws on arbitrary text, YAML or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((value) => stringify(value)),
        ),
        (text) => {
          const result = parseDefinitionYaml(text);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
    );
  });

  it('lints definitions built elsewhere (e.g. from protobuf) without throwing, dangling references included', () => {
    const node = fc.constantFrom(START, END, 'a', 'b', 'c', 'ghost');
    const nodes = fc.uniqueArray(node, { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(
        fc.array(fc.record({ from: nodes, to: nodes, condition: fc.boolean(), join: fc.boolean() }), {
          maxLength: 8,
        }),
        fc.array(fc.record({ from: node, target: node, rework: fc.boolean() }), { maxLength: 3 }),
        (handoffs, exceptions) => {
          const definition = aDefinition({
            steps: [
              aStep('a'),
              anApproval('b', ['ok']),
              aStep('c', { owner: { kind: 'person', personId: 'p' } }),
            ],
            handoffs: handoffs.map((h, i) =>
              aHandoff(h.from, h.to, {
                id: `h${i}`,
                ...(h.condition ? { condition: 'data.x' } : {}),
                ...(h.join ? { join: { kind: 'n-of-m', count: 2 } } : {}),
              }),
            ),
            exceptions: exceptions.map((e, i) =>
              e.rework
                ? {
                    id: `e${i}`,
                    from: e.from,
                    on: 'rejected',
                    outcomes: [],
                    action: 'rework',
                    target: e.target,
                    maxIterations: 0,
                  }
                : {
                    id: `e${i}`,
                    from: e.from,
                    on: 'failed',
                    outcomes: [],
                    action: 'exception-step',
                    target: e.target,
                  },
            ),
            waivers: [{ rule: 'handoff-without-owner', path: 'handoffs[0]', reason: 'r', approvedBy: 'b' }],
          });
          const findings = lintDefinition(definition, { directory: aDirectory() });
          expect(Array.isArray(findings)).toBe(true);
        },
      ),
    );
  });
});
