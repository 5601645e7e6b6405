import { commonV1, definitionV1 } from '@baton/contracts';
import type { DefinitionParseResult } from '@baton/domain';
import { smallDefinition, smallMessage } from './definition-fixtures';
import { DEFINITION_WIRE_GAPS } from './definition-wire-gaps';
import { processDefinitionFromProto } from './process-definition.from-proto';
import { processDefinitionToProto } from './process-definition.to-proto';

const { OwnerKind, AssignmentStrategy } = commonV1;

function withChange(change: (m: definitionV1.ProcessDefinition) => void): definitionV1.ProcessDefinition {
  const message = definitionV1.ProcessDefinition.fromPartial(smallMessage());
  change(message);
  return message;
}

const step = (m: definitionV1.ProcessDefinition, i: number) => m.steps[i] as definitionV1.Step;
const level = (m: definitionV1.ProcessDefinition) => step(m, 0).escalations[0] as commonV1.EscalationLevel;

function read(change: (m: definitionV1.ProcessDefinition) => void): DefinitionParseResult {
  return processDefinitionFromProto(withChange(change));
}

function expectRefusedAt(path: string, change: (m: definitionV1.ProcessDefinition) => void): void {
  const result = read(change);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(path);
}

function definitionOf(result: DefinitionParseResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.definition;
}

/** One demonstration per recorded gap, keyed by its `proto` field. */
const DEMONSTRATIONS: Record<string, () => void> = {
  'steps[].outcomes[].name, steps[].outcomes[].description': () => {
    expect(step(smallMessage(), 3).outcomes[0]).toEqual({ id: 'approved', name: '', description: '' });
    const labelled = read((m) => {
      step(m, 3).outcomes = [
        { id: 'approved', name: 'Approve', description: 'Go ahead' },
        { id: 'rejected', name: 'Reject', description: '' },
      ];
    });
    expect(definitionOf(labelled)).toStrictEqual(smallDefinition());
  },
  'exception_paths[].owner': () =>
    expectRefusedAt('exceptions[0].owner', (m) => {
      (m.exceptionPaths[0] as definitionV1.ExceptionPath).owner = {
        ...commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_ROLE, role: 'ops-lead' }),
      };
    }),
  'OwnerSpec.team_id with OWNER_KIND_ROLE': () =>
    expectRefusedAt('steps[3].owner', (m) => ((step(m, 3).owner as commonV1.OwnerSpec).teamId = 'finance')),
  'OwnerSpec.data_field with OWNER_KIND_TEAM or OWNER_KIND_ROLE': () =>
    expectRefusedAt('steps[0].owner', (m) => ((step(m, 0).owner as commonV1.OwnerSpec).dataField = 'teamId')),
  'OwnerSpec (OWNER_KIND_PERSON with data_field and no person_id)': () => {
    expect(step(smallMessage(), 1).owner).toEqual(
      commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_PERSON, dataField: 'preparerId' }),
    );
    expect(definitionOf(read(() => undefined)).steps[1]?.owner).toEqual({
      kind: 'data-field',
      field: 'preparerId',
    });
  },
  'DataField.type = DATA_FIELD_TYPE_UNSPECIFIED': () =>
    expectRefusedAt(
      'steps[0].outputs[0].type',
      (m) => ((step(m, 0).outputFields[0] as definitionV1.DataField).type = 0),
    ),
  'steps[].escalations[].target unset (ESCALATION_ACTION_REMIND)': () =>
    expectRefusedAt('steps[0].escalate[0].to', (m) => {
      level(m).action = commonV1.EscalationAction.ESCALATION_ACTION_REMIND;
      level(m).target = undefined;
    }),
  'steps[].escalations[].after < 0': () =>
    expectRefusedAt('steps[0].escalate[0].after', (m) => (level(m).after = { seconds: '-3600', nanos: 0 })),
  'steps[].assignment_strategy on a step without owner': () => {
    expectRefusedAt('steps[0].owner', (m) => {
      step(m, 0).owner = undefined;
      step(m, 0).assignmentStrategy = AssignmentStrategy.ASSIGNMENT_STRATEGY_ROUND_ROBIN;
    });
    const manual = read((m) => {
      step(m, 0).owner = undefined;
      step(m, 0).assignmentStrategy = AssignmentStrategy.ASSIGNMENT_STRATEGY_MANUAL;
    });
    expect(definitionOf(manual).steps[0]?.policy).toBe('manual-claim');
  },
  'start_triggers[].correlation_key = ""': () =>
    expectRefusedAt('triggers[0].correlationKey', (m) => {
      (m.startTriggers[0] as definitionV1.StartTrigger).correlationKey = '';
    }),
  'exception_paths[].max_iterations = 0': () => {
    const unbounded = read((m) => ((m.exceptionPaths[0] as definitionV1.ExceptionPath).maxIterations = 0));
    expect(definitionOf(unbounded).exceptions[0]).toMatchObject({ action: 'rework', maxIterations: 0 });
  },
  'google.protobuf.Duration nanos below a millisecond': () => {
    const fine = read(
      (m) =>
        (step(m, 0).deadline = {
          within: { seconds: '1', nanos: 1_500_000 },
          relativeToField: '',
          offset: undefined,
          business: false,
        }),
    );
    expect(definitionOf(fine).steps[0]?.deadline).toEqual({ kind: 'within', durationMs: 1001 });
  },
};

describe('DEFINITION_WIRE_GAPS', () => {
  it('demonstrates every recorded gap, and records every demonstrated one', () => {
    expect(Object.keys(DEMONSTRATIONS).sort()).toEqual(DEFINITION_WIRE_GAPS.map((g) => g.proto).sort());
  });

  it.each(DEFINITION_WIRE_GAPS.map((g) => [g.proto, g.handling] as const))('%s (%s)', (proto) => {
    DEMONSTRATIONS[proto]?.();
  });

  it('leaves nothing else of the small definition behind: it round-trips', () => {
    const definition = smallDefinition();
    expect(definitionOf(processDefinitionFromProto(processDefinitionToProto(definition)))).toStrictEqual(
      definition,
    );
  });
});
