import { commonV1, definitionV1 } from '@baton/contracts';
import type { DefinitionParseResult } from '@baton/domain';
import { smallDefinition, smallMessage } from './definition-fixtures';
import { processDefinitionFromProto } from './process-definition.from-proto';

const { OwnerKind, AssignmentStrategy, EscalationAction } = commonV1;

function errorsOf(result: DefinitionParseResult) {
  if (result.ok) throw new Error('expected parse errors, the message was accepted');
  return result.errors;
}

function definitionOf(result: DefinitionParseResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.definition;
}

/** The small message with one change applied to a copy. */
function withChange(change: (m: definitionV1.ProcessDefinition) => void): definitionV1.ProcessDefinition {
  const message = definitionV1.ProcessDefinition.fromPartial(smallMessage());
  change(message);
  return message;
}

const step = (m: definitionV1.ProcessDefinition, i: number) => m.steps[i] as definitionV1.Step;

describe('processDefinitionFromProto', () => {
  it('reads the small definition back', () => {
    expect(definitionOf(processDefinitionFromProto(smallMessage()))).toStrictEqual(smallDefinition());
  });

  describe('when an enum the domain needs is UNSPECIFIED', () => {
    it.each<[string, (m: definitionV1.ProcessDefinition) => void, string]>([
      [
        'category',
        (m) => (m.category = definitionV1.ProcessCategory.PROCESS_CATEGORY_UNSPECIFIED),
        'category',
      ],
      ['step kind', (m) => (step(m, 2).kind = definitionV1.StepKind.STEP_KIND_UNSPECIFIED), 'steps[2].kind'],
      [
        'data field type',
        (m) => ((step(m, 0).outputFields[0] as definitionV1.DataField).type = 0),
        'steps[0].outputs[0].type',
      ],
      [
        'escalation action',
        (m) =>
          ((step(m, 0).escalations[0] as commonV1.EscalationLevel).action =
            EscalationAction.ESCALATION_ACTION_UNSPECIFIED),
        'steps[0].escalate[0].action',
      ],
      [
        'exception condition',
        (m) => ((m.exceptionPaths[0] as definitionV1.ExceptionPath).condition = 0),
        'exceptions[0].on',
      ],
      [
        'exception action',
        (m) => ((m.exceptionPaths[0] as definitionV1.ExceptionPath).action = 0),
        'exceptions[0].action',
      ],
      [
        'step owner kind',
        (m) => ((step(m, 0).owner as commonV1.OwnerSpec).kind = OwnerKind.OWNER_KIND_UNSPECIFIED),
        'steps[0].owner',
      ],
      [
        'handoff owner kind',
        (m) =>
          ((m.handoffs[0] as definitionV1.Handoff).transitionOwner = {
            ...commonV1.OwnerSpec.fromPartial({}),
          }),
        'handoffs[0].owner',
      ],
    ])('%s: a parse error at its path, not a throw', (_name, change, path) => {
      const errors = errorsOf(processDefinitionFromProto(withChange(change)));
      expect(errors.map((e) => e.path)).toContain(path);
    });

    it('names the proto value and the allowed domain values in the message', () => {
      const message = withChange((m) => (step(m, 2).kind = definitionV1.StepKind.STEP_KIND_UNSPECIFIED));
      const [error] = errorsOf(processDefinitionFromProto(message));
      expect(error?.message).toContain('STEP_KIND_UNSPECIFIED');
      expect(error?.message).toContain('human-task');
    });

    it('reports a value unknown to this build (UNRECOGNIZED) the same way', () => {
      const message = withChange((m) => (step(m, 0).assignmentStrategy = 42 as commonV1.AssignmentStrategy));
      const errors = errorsOf(processDefinitionFromProto(message));
      expect(errors).toEqual([expect.objectContaining({ path: 'steps[0].owner.policy' })]);
      expect(errors[0]?.message).toContain('UNRECOGNIZED');
    });

    it('reports every unspecified field of an empty message', () => {
      const errors = errorsOf(processDefinitionFromProto(definitionV1.ProcessDefinition.fromPartial({})));
      expect(errors.map((e) => e.path).sort()).toEqual(['category', 'id', 'steps']);
    });
  });

  describe('when UNSPECIFIED has a meaning the domain shares', () => {
    it("takes the owner's default policy for ASSIGNMENT_STRATEGY_UNSPECIFIED", () => {
      const message = withChange((m) => {
        step(m, 0).assignmentStrategy = AssignmentStrategy.ASSIGNMENT_STRATEGY_UNSPECIFIED;
        step(m, 1).assignmentStrategy = AssignmentStrategy.ASSIGNMENT_STRATEGY_UNSPECIFIED;
        step(m, 3).assignmentStrategy = AssignmentStrategy.ASSIGNMENT_STRATEGY_UNSPECIFIED;
      });
      const { steps } = definitionOf(processDefinitionFromProto(message));
      expect(steps.map((s) => s.policy)).toEqual(['round-robin', 'direct', 'direct', 'round-robin']);
    });

    it('reads JOIN_KIND_UNSPECIFIED as a join of all', () => {
      const message = withChange(
        (m) => ((m.handoffs[1] as definitionV1.Handoff).join = { kind: 0, requiredCount: 0 }),
      );
      expect(definitionOf(processDefinitionFromProto(message)).handoffs[1]?.join).toEqual({ kind: 'all' });
    });

    it('reads HANDOFF_TRIGGER_KIND_UNSPECIFIED as no designed trigger', () => {
      const message = withChange(
        (m) =>
          ((m.handoffs[2] as definitionV1.Handoff).trigger = {
            kind: 0,
            outcomes: [],
            eventType: '',
            correlationKey: '',
          }),
      );
      expect(definitionOf(processDefinitionFromProto(message)).handoffs[2]?.trigger).toBeUndefined();
    });
  });

  describe('when the message breaks a domain rule', () => {
    it('reports it at the source path with the domain message', () => {
      const message = withChange(
        (m) =>
          (step(m, 0).deadline = {
            within: { seconds: '0', nanos: 0 },
            relativeToField: '',
            offset: undefined,
            business: false,
          }),
      );
      expect(errorsOf(processDefinitionFromProto(message))).toEqual([
        { path: 'steps[0].deadline.within', message: 'must be a positive duration' },
      ]);
    });

    it.each<[string, definitionV1.HandoffSla, string, string]>([
      [
        'an at-risk share at the deadline',
        { within: { seconds: '3600', nanos: 0 }, atRiskPercent: 100, business: false },
        'handoffs[2].sla.atRisk',
        'must be below 100%',
      ],
      [
        'a negative at-risk share',
        { within: { seconds: '3600', nanos: 0 }, atRiskPercent: -5, business: false },
        'handoffs[2].sla.atRisk',
        'is not a percentage',
      ],
      [
        'an SLA without within',
        { within: undefined, atRiskPercent: 50, business: false },
        'handoffs[2].sla.within',
        'is required',
      ],
    ])('refuses a handoff SLA with %s at its path', (_name, sla, path, message) => {
      const errors = errorsOf(
        processDefinitionFromProto(withChange((m) => ((m.handoffs[2] as definitionV1.Handoff).sla = sla))),
      );
      expect(errors).toEqual([expect.objectContaining({ path, message: expect.stringContaining(message) })]);
    });

    it('reads a handoff SLA with at_risk_percent 0 as one without an at-risk threshold', () => {
      const message = withChange(
        (m) =>
          ((m.handoffs[2] as definitionV1.Handoff).sla = {
            within: { seconds: '14400', nanos: 0 },
            atRiskPercent: 0,
            business: false,
          }),
      );
      expect(definitionOf(processDefinitionFromProto(message)).handoffs[2]?.sla).toEqual({
        withinMs: 14_400_000,
      });
    });

    it('refuses a kind-specific part on a step of another kind', () => {
      const message = withChange((m) => (step(m, 0).automated = { system: 'erp', operation: 'post' }));
      const paths = errorsOf(processDefinitionFromProto(message)).map((e) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['steps[0].system', 'steps[0].operation']));
    });

    it('derives handoff and exception ids the message leaves empty', () => {
      const message = withChange((m) => {
        (m.handoffs[0] as definitionV1.Handoff).id = '';
        (m.exceptionPaths[0] as definitionV1.ExceptionPath).id = '';
      });
      const definition = definitionOf(processDefinitionFromProto(message));
      expect(definition.handoffs[0]?.id).toBe('start->check+prepare');
      expect(definition.exceptions[0]?.id).toBe('review-rejected-rejected');
    });
  });
});
