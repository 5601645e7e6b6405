import type {
  DataField,
  DataFieldType,
  Deadline,
  DefinitionVersion,
  ExceptionPath,
  Handoff,
  ProcessDefinition,
  Step,
  StepBase,
} from '../../definition/model';

/** Test definitions built in TypeScript, with defaults for everything a test does not care about. */
type StepExtras = Partial<Omit<StepBase, 'id'>>;

const stepBase = (id: string, extras: StepExtras): StepBase => ({
  id,
  name: id,
  owner: { kind: 'team', teamId: 'ops' },
  policy: 'manual-claim',
  escalations: [],
  outputs: [],
  ...extras,
});

export const humanTask = (id: string, extras: StepExtras = {}): Step => ({
  ...stepBase(id, extras),
  kind: 'human-task',
});

export const approval = (id: string, outcomes: readonly string[], extras: StepExtras = {}): Step => ({
  ...stepBase(id, extras),
  kind: 'approval',
  outcomes,
});

export const automated = (id: string, extras: StepExtras = {}): Step => ({
  ...stepBase(id, extras),
  kind: 'automated',
  system: 'erp',
  operation: id,
});

export const waitForEvent = (
  id: string,
  event: string,
  correlationKey: string,
  requires: readonly DataField[] = [],
  extras: StepExtras = {},
): Step => ({ ...stepBase(id, extras), kind: 'wait-for-event', event, correlationKey, requires });

export const timer = (id: string, fires: Deadline, extras: StepExtras = {}): Step => ({
  ...stepBase(id, extras),
  kind: 'timer',
  fires,
});

export const field = (name: string, type: DataFieldType = 'string'): DataField => ({ name, type });

export const handoff = (
  id: string,
  from: string | readonly string[],
  to: string | readonly string[],
  extras: Partial<Omit<Handoff, 'id' | 'from' | 'to'>> = {},
): Handoff => ({
  id,
  from: typeof from === 'string' ? [from] : from,
  to: typeof to === 'string' ? [to] : to,
  ...extras,
});

type PathOptions = {
  readonly on?: 'rejected' | 'failed';
  readonly outcomes?: readonly string[];
  /** For an exception step that leads back into the flow. */
  readonly maxIterations?: number;
};
const pathBase = (id: string, from: string, options: PathOptions) => ({
  id,
  from,
  on: options.on ?? 'rejected',
  outcomes: options.outcomes ?? [],
});

export const reworkPath = (
  id: string,
  from: string,
  target: string,
  maxIterations: number,
  options: PathOptions = {},
): ExceptionPath => ({ ...pathBase(id, from, options), action: 'rework', target, maxIterations });

export const exceptionStepPath = (
  id: string,
  from: string,
  target: string,
  options: PathOptions = {},
): ExceptionPath => ({
  ...pathBase(id, from, options),
  action: 'exception-step',
  target,
  ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
});

export const cancelPath = (id: string, from: string, options: PathOptions = {}): ExceptionPath => ({
  ...pathBase(id, from, options),
  action: 'cancel',
});

export const failPath = (id: string, from: string, options: PathOptions = {}): ExceptionPath => ({
  ...pathBase(id, from, options),
  action: 'fail',
});

export function aDefinition(
  parts: Pick<ProcessDefinition, 'steps' | 'handoffs'> & Partial<ProcessDefinition>,
): ProcessDefinition {
  return {
    id: 'test-process',
    name: 'Test process',
    category: 'operational',
    triggers: [],
    data: [],
    exceptions: [],
    waivers: [],
    labels: {},
    ...parts,
  };
}

export const versionOf = (definition: ProcessDefinition, version = 1): DefinitionVersion => ({
  definition,
  version,
});
