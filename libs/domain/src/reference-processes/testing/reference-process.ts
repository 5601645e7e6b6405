import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDefinitionYaml, stepById } from '../../definition';
import type { ProcessDefinition } from '../../definition/model';
import type { InstanceStarted, StepActivated } from '../../instance/events';
import { anInstanceStarted, aStepActivated, type Envelope } from '../../instance/testing';
import type { DataRecord } from '../../shared/data';

/**
 * Test support for the reference processes. Each spec reads its example from `examples/` (the
 * domain does no I/O; tests may read fixtures) and parses it here, exactly as it is published.
 */
export function parseReferenceProcess(file: string, source: string): ProcessDefinition {
  const parsed = parseDefinitionYaml(source);
  if (!parsed.ok) {
    throw new Error(
      `${file} does not parse: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    );
  }
  return parsed.definition;
}

/** Reads and parses `examples/<name>.yaml`, as it is published. */
export function loadReferenceProcess(name: string): ProcessDefinition {
  const file = join(__dirname, '..', '..', '..', '..', '..', 'examples', `${name}.yaml`);
  return parseReferenceProcess(file, readFileSync(file, 'utf8'));
}

/** The instance start as a trigger event of the process records it. */
export function startedBy(
  definition: ProcessDefinition,
  data: DataRecord,
  businessKey: string,
  e: Envelope = {},
): InstanceStarted {
  const triggerType = definition.triggers[0]?.event;
  return anInstanceStarted(
    { definitionId: definition.id, businessKey, data, ...(triggerType !== undefined ? { triggerType } : {}) },
    e,
  );
}

/**
 * A StepActivated as the definition describes the step (kind, owner, policy); the test states what
 * the decider works out: attempt, sources, due time, and a person resolved from the data.
 */
export function activationOf(
  definition: ProcessDefinition,
  stepId: string,
  data: Pick<StepActivated['data'], 'handedOffFrom'> & Partial<StepActivated['data']>,
  e: Envelope = {},
): StepActivated {
  const step = stepById(definition, stepId);
  if (!step) throw new Error(`${definition.id} has no step ${stepId}`);
  if (step.owner?.kind === 'data-field' && data.owner === undefined) {
    throw new Error(`state the resolved owner of ${stepId} (it is read from data.${step.owner.field})`);
  }
  return aStepActivated(
    // An unowned step (a timer) has no owner: undefined here equals an absent field in toEqual.
    { stepId, stepKind: step.kind, policy: step.policy, owner: step.owner, ...data },
    e,
  );
}
