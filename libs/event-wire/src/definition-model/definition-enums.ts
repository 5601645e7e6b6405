import { commonV1, definitionV1 } from '@baton/contracts';
import type {
  AssignmentPolicy,
  DataFieldType,
  EscalationAction,
  ExceptionPath,
  ProcessCategory,
  StepKind,
} from '@baton/domain';
import { assignmentPolicies, escalationActions, stepKinds } from '../mappers/wire-values';

// The enums of baton.definition.v1.ProcessDefinition, one table per pair. Reading back never
// throws: a value the domain has no word for (UNSPECIFIED, or a number this build does not know)
// is written into the source form as the proto's enum name, so the domain parser refuses it at
// its field path with the values it allows.

interface EnumPair<Domain extends string, Wire extends number> {
  readonly toWire: (value: Domain) => Wire;
  /** The domain value, or the proto enum name (`STEP_KIND_UNSPECIFIED`, `UNRECOGNIZED`). */
  readonly toSource: (value: Wire) => Domain | string;
}

function pair<Domain extends string, Wire extends number>(
  domainValues: readonly Domain[],
  toWire: (value: Domain) => Wire,
  nameOf: (value: Wire) => string,
): EnumPair<Domain, Wire> {
  return {
    toWire,
    toSource: (value) => domainValues.find((d) => toWire(d) === value) ?? nameOf(value),
  };
}

function table<Domain extends string, Wire extends number>(
  entries: Record<Domain, Wire>,
  nameOf: (value: Wire) => string,
): EnumPair<Domain, Wire> {
  return pair(Object.keys(entries) as Domain[], (d) => entries[d], nameOf);
}

const { ProcessCategory: PC, DataFieldType: FT, ExceptionCondition: EC, ExceptionAction: EA } = definitionV1;

export const categories = table<ProcessCategory, definitionV1.ProcessCategory>(
  {
    operational: PC.PROCESS_CATEGORY_OPERATIONAL,
    management: PC.PROCESS_CATEGORY_MANAGEMENT,
    support: PC.PROCESS_CATEGORY_SUPPORT,
  },
  definitionV1.processCategoryToJSON,
);

export const fieldTypes = table<DataFieldType, definitionV1.DataFieldType>(
  {
    string: FT.DATA_FIELD_TYPE_STRING,
    number: FT.DATA_FIELD_TYPE_NUMBER,
    integer: FT.DATA_FIELD_TYPE_INTEGER,
    boolean: FT.DATA_FIELD_TYPE_BOOLEAN,
    date: FT.DATA_FIELD_TYPE_DATE,
    timestamp: FT.DATA_FIELD_TYPE_TIMESTAMP,
    object: FT.DATA_FIELD_TYPE_OBJECT,
    list: FT.DATA_FIELD_TYPE_LIST,
  },
  definitionV1.dataFieldTypeToJSON,
);

export const kinds = pair<StepKind, definitionV1.StepKind>(
  ['human-task', 'approval', 'automated', 'wait-for-event', 'timer'],
  stepKinds.toWire,
  definitionV1.stepKindToJSON,
);

export const policies = pair<AssignmentPolicy, commonV1.AssignmentStrategy>(
  ['manual-claim', 'round-robin', 'least-loaded', 'direct'],
  assignmentPolicies.toWire,
  commonV1.assignmentStrategyToJSON,
);

export const actions = pair<EscalationAction, commonV1.EscalationAction>(
  ['remind', 'notify', 'reassign'],
  escalationActions.toWire,
  commonV1.escalationActionToJSON,
);

export const exceptionConditions = table<ExceptionPath['on'], definitionV1.ExceptionCondition>(
  { rejected: EC.EXCEPTION_CONDITION_REJECTED, failed: EC.EXCEPTION_CONDITION_FAILED },
  definitionV1.exceptionConditionToJSON,
);

export const exceptionActions = table<ExceptionPath['action'], definitionV1.ExceptionAction>(
  {
    rework: EA.EXCEPTION_ACTION_REWORK,
    'exception-step': EA.EXCEPTION_ACTION_EXCEPTION_STEP,
    cancel: EA.EXCEPTION_ACTION_CANCEL,
    fail: EA.EXCEPTION_ACTION_FAIL,
  },
  definitionV1.exceptionActionToJSON,
);
