import fc from 'fast-check';
import { definitionV1 } from '@baton/contracts';
import { parseDefinitionJson, type ProcessDefinition } from '@baton/domain';
import { definitionContentSha256 } from './content-hash';
import { processDefinitionFromProto } from './process-definition.from-proto';
import { processDefinitionToProto } from './process-definition.to-proto';

// Small definitions in the source form; those the domain parser accepts are the inputs.
const FIELDS = ['caseId', 'amount', 'dueDate', 'reviewerId'];
const ms = fc.constantFrom('PT30M', 'P1D', 'PT1.5S', 'P1W');
const deadline = fc.oneof(
  ms,
  fc.record({ relativeTo: fc.constantFrom(...FIELDS), offset: fc.constantFrom('-P2D', 'PT0S', 'PT4H') }),
);
const owner = fc.oneof(
  fc.record({ team: fc.constantFrom('ops', 'it') }),
  fc.record({ role: fc.constant('lead') }),
  fc.record({ person: fc.constant('pat') }),
  fc.record({ dataField: fc.constantFrom(...FIELDS) }),
);
const fields = fc
  .subarray(FIELDS)
  .chain((names) =>
    fc.tuple(
      ...names.map((name, i) =>
        i % 2
          ? fc.record(
              { name: fc.constant(name), type: fc.constantFrom('date', 'number'), sensitive: fc.boolean() },
              { requiredKeys: ['name', 'type'] },
            )
          : fc.constant(name),
      ),
    ),
  );
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

function step(id: string) {
  const common = {
    id: fc.constant(id),
    name: optional(fc.constantFrom('Do it', 'Review')),
    owner: optional(owner),
    deadline: optional(deadline),
    escalate: optional(
      fc.array(fc.record({ after: ms, action: fc.constantFrom('remind', 'notify', 'reassign'), to: owner }), {
        maxLength: 2,
      }),
    ),
    outputs: optional(fields),
  };
  return fc.oneof(
    fc.record({ ...common, kind: fc.constant('human-task') }),
    fc.record({ ...common, kind: fc.constant('approval'), outcomes: fc.constant(['yes', 'no']) }),
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
      correlationKey: fc.constant('caseId'),
    }),
    fc.record({ id: fc.constant(id), kind: fc.constant('timer'), fires: deadline }),
  );
}

const source = fc
  .uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 4 })
  .chain((ids) =>
    fc.record(
      {
        id: fc.constant('generated'),
        name: optional(fc.constant('Generated')),
        category: fc.constantFrom('operational', 'management', 'support'),
        owner: optional(owner),
        labels: optional(fc.dictionary(fc.constantFrom('team', 'region', 'tier'), fc.constantFrom('x', 'y'))),
        trigger: optional(
          fc.record({ event: fc.constant('case.opened'), correlationKey: fc.constant('caseId') }),
        ),
        data: optional(fields),
        steps: fc.tuple(...ids.map(step)),
        handoffs: fc.array(
          fc.record(
            {
              from: fc.oneof(
                fc.constant('start'),
                fc.subarray(ids, { minLength: 1, maxLength: Math.min(2, ids.length) }),
              ),
              to: fc.oneof(
                fc.constant('end'),
                fc.subarray(ids, { minLength: 1, maxLength: Math.min(2, ids.length) }),
              ),
              on: optional(fc.constant('completed')),
              data: optional(fields),
              owner: optional(fc.record({ role: fc.constant('coordinator') })),
              sla: optional(
                fc.oneof(ms, fc.record({ within: ms, atRisk: fc.constantFrom('1%', '75%', '99%') })),
              ),
            },
            { requiredKeys: ['from', 'to'] },
          ),
          { maxLength: 4 },
        ),
        exceptions: optional(
          fc.constant([{ from: ids[0], on: 'failed', action: 'rework', to: ids[0], maxIterations: 2 }]),
        ),
      },
      { requiredKeys: ['id', 'category', 'steps', 'handoffs'] },
    ),
  );

/** A handoff into end takes no SLA: the generator drops it there rather than lose the sample. */
const withoutSlaIntoEnd = (value: { handoffs: { to: unknown; sla?: unknown }[] }) => ({
  ...value,
  handoffs: value.handoffs.map((h) => (h.to === 'end' ? { ...h, sla: undefined } : h)),
});

const definition: fc.Arbitrary<ProcessDefinition> = source
  .map((value) => parseDefinitionJson(JSON.parse(JSON.stringify(withoutSlaIntoEnd(value)))))
  .filter((parsed) => parsed.ok)
  .map((parsed) => (parsed.ok ? parsed.definition : (undefined as never)));

describe('ProcessDefinition ⇄ proto (generated definitions)', () => {
  it('round-trips every definition the domain accepts, through the binary encoding', () => {
    fc.assert(
      fc.property(definition, (d) => {
        const bytes = definitionV1.ProcessDefinition.encode(processDefinitionToProto(d)).finish();
        const back = processDefinitionFromProto(definitionV1.ProcessDefinition.decode(bytes));
        expect(back.ok && back.definition).toStrictEqual(d);
        expect(back.ok && definitionContentSha256(back.definition)).toBe(definitionContentSha256(d));
      }),
      { numRuns: 150 },
    );
  });

  it('never throws on enum values it does not know', () => {
    const enumValue = fc.integer({ min: -1, max: 9 });
    fc.assert(
      fc.property(definition, enumValue, enumValue, enumValue, (d, kind, category, type) => {
        const message = processDefinitionToProto(d);
        message.category = category;
        (message.steps[0] as definitionV1.Step).kind = kind;
        message.dataFields = [{ name: 'x', type, description: '', sensitive: type % 2 === 0 }];
        expect(() => processDefinitionFromProto(message)).not.toThrow();
      }),
      { numRuns: 100 },
    );
  });

  it('generates enough accepted definitions, with handoffs, to be worth running', () => {
    const accepted = fc
      .sample(source, { numRuns: 200, seed: 1 })
      .map((value) => parseDefinitionJson(JSON.parse(JSON.stringify(withoutSlaIntoEnd(value)))))
      .flatMap((parsed) => (parsed.ok ? [parsed.definition] : []));
    expect(accepted.length).toBeGreaterThan(40);
    expect(accepted.filter((d) => d.handoffs.length > 1).length).toBeGreaterThan(10);
  });
});
