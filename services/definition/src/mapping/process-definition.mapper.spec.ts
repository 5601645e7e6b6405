import { commonV1, definitionV1 } from '@baton/contracts';
import { parseDefinitionJson, parseDefinitionYaml, type ProcessDefinition } from '@baton/domain';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processDefinitionToProto, processDefinitionToSource } from './process-definition.mapper';

const EXAMPLES = join(__dirname, '../../../../examples');
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));

function parsed(text: string): ProcessDefinition {
  const result = parseDefinitionYaml(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.definition;
}

/** Through the wire and back: bytes, then the source form, then the parser. */
function roundTrip(definition: ProcessDefinition) {
  const wire = definitionV1.ProcessDefinition.decode(
    definitionV1.ProcessDefinition.encode(processDefinitionToProto(definition)).finish(),
  );
  return parseDefinitionJson(processDefinitionToSource(wire));
}

describe('ProcessDefinition mapper', () => {
  it('covers the five reference processes', () => expect(examples).toHaveLength(5));

  it.each(examples)('round-trips %s through the wire message to an equal definition', (file) => {
    const definition = parsed(readFileSync(join(EXAMPLES, file), 'utf8'));
    const back = roundTrip(definition);
    expect(back.ok && back.definition).toEqual(definition);
  });

  it('maps owners, deadlines, joins and exception paths to the proto fields', () => {
    const d = parsed(`
id: mapped
category: support
owner: { team: ops }
data: [{ name: startDate, type: date }]
steps:
  - { id: a, owner: { team: ops, policy: least-loaded }, deadline: { relativeTo: startDate, offset: -P2D },
      escalate: [{ after: PT4H, action: reassign, to: { role: lead } }] }
  - { id: b, kind: approval, outcomes: [ok, no], owner: { dataField: managerId }, deadline: PT1.5S }
  - { id: c, owner: { person: pat }, deadline: P1D }
handoffs:
  - { from: start, to: [a, b] }
  - { from: [a, b], to: c, on: completed, join: { count: 1 }, data: [approvedBy] }
  - { from: c, to: end, on: completed }
exceptions:
  - { from: b, on: rejected, outcomes: [no], action: rework, to: a, maxIterations: 3 }
`);
    const m = processDefinitionToProto(d);
    expect(m.category).toBe(definitionV1.ProcessCategory.PROCESS_CATEGORY_SUPPORT);
    expect(m.steps[0]).toMatchObject({
      assignmentStrategy: commonV1.AssignmentStrategy.ASSIGNMENT_STRATEGY_LEAST_LOADED,
      deadline: { relativeToField: 'startDate', offset: { seconds: '-172800', nanos: 0 } },
      escalations: [
        {
          after: { seconds: '14400', nanos: 0 },
          action: commonV1.EscalationAction.ESCALATION_ACTION_REASSIGN,
          target: { kind: commonV1.OwnerKind.OWNER_KIND_ROLE, role: 'lead' },
        },
      ],
    });
    expect(m.steps[1]).toMatchObject({
      kind: definitionV1.StepKind.STEP_KIND_APPROVAL,
      owner: { kind: commonV1.OwnerKind.OWNER_KIND_PERSON, personId: '', dataField: 'managerId' },
      deadline: { within: { seconds: '1', nanos: 500_000_000 } },
      outcomes: [{ id: 'ok' }, { id: 'no' }],
    });
    expect(m.handoffs[1]).toMatchObject({
      fromSteps: ['a', 'b'],
      join: { kind: definitionV1.JoinKind.JOIN_KIND_N_OF_M, requiredCount: 1 },
      dataContract: {
        requiredFields: [{ name: 'approvedBy', type: definitionV1.DataFieldType.DATA_FIELD_TYPE_STRING }],
      },
    });
    expect(m.exceptionPaths[0]).toMatchObject({
      condition: definitionV1.ExceptionCondition.EXCEPTION_CONDITION_REJECTED,
      action: definitionV1.ExceptionAction.EXCEPTION_ACTION_REWORK,
      targetStep: 'a',
      maxIterations: 3,
      outcomes: ['no'],
    });
    const back = roundTrip(d);
    expect(back.ok && back.definition).toEqual(d);
  });

  it('lets the parser refuse what the domain cannot hold, at source paths', () => {
    const m = processDefinitionToProto(parsed(readFileSync(join(EXAMPLES, 'budget-approval.yaml'), 'utf8')));
    const broken = definitionV1.ProcessDefinition.fromPartial({
      ...m,
      category: definitionV1.ProcessCategory.PROCESS_CATEGORY_UNSPECIFIED,
      steps: m.steps.map((s, i) =>
        i === 0
          ? { ...s, owner: { kind: commonV1.OwnerKind.OWNER_KIND_ROLE, role: 'head', teamId: 'finance' } }
          : s,
      ),
    });
    const result = parseDefinitionJson(processDefinitionToSource(broken));
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['category', 'steps[0].owner']));
  });
});
