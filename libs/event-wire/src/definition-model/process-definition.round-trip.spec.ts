import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definitionV1 } from '@baton/contracts';
import { parseDefinitionYaml, type ProcessDefinition, type Step } from '@baton/domain';
import { definitionContentSha256 } from './content-hash';
import { processDefinitionFromProto } from './process-definition.from-proto';
import { processDefinitionToProto } from './process-definition.to-proto';

const EXAMPLES = join(__dirname, '../../../../examples');
const FILES = readdirSync(EXAMPLES)
  .filter((file) => file.endsWith('.yaml'))
  .sort();

function load(file: string): ProcessDefinition {
  const parsed = parseDefinitionYaml(readFileSync(join(EXAMPLES, file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.errors)}`);
  return parsed.definition;
}

function roundTrip(definition: ProcessDefinition): ProcessDefinition {
  const bytes = definitionV1.ProcessDefinition.encode(processDefinitionToProto(definition)).finish();
  const result = processDefinitionFromProto(definitionV1.ProcessDefinition.decode(bytes));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.definition;
}

describe('ProcessDefinition ⇄ baton.definition.v1.ProcessDefinition', () => {
  it('covers the five reference processes', () => {
    expect(FILES).toEqual([
      'budget-approval.yaml',
      'client-lifecycle.yaml',
      'employee-onboarding.yaml',
      'order-to-cash.yaml',
      'vendor-management.yaml',
    ]);
  });

  describe.each(FILES)('the reference process %s', (file) => {
    it('round-trips domain → proto (binary) → domain exactly', () => {
      const definition = load(file);
      expect(roundTrip(definition)).toStrictEqual(definition);
    });

    it('hashes equally across two parses of the file', () => {
      const hash = definitionContentSha256(load(file));
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(definitionContentSha256(load(file))).toBe(hash);
    });

    it("hashes differently when a step's deadline changes", () => {
      const definition = load(file);
      const index = definition.steps.findIndex((s) => s.deadline !== undefined);
      const step = definition.steps[index] as Step;
      const later: Step = { ...step, deadline: { kind: 'within', durationMs: 123_456_000 } };
      const changed = { ...definition, steps: definition.steps.map((s, i) => (i === index ? later : s)) };
      expect(definitionContentSha256(changed)).not.toBe(definitionContentSha256(definition));
    });
  });

  it('writes the wire fields of one step in their proto form', () => {
    const definition = load('employee-onboarding.yaml');
    const step = processDefinitionToProto(definition).steps[0];
    expect(step).toMatchObject({
      id: 'provision-it',
      kind: definitionV1.StepKind.STEP_KIND_HUMAN_TASK,
      assignmentStrategy: 3, // ASSIGNMENT_STRATEGY_LEAST_LOADED
      owner: { kind: 2, teamId: 'it-service-desk' },
      deadline: { relativeToField: 'startDate', offset: { seconds: '-172800' } },
    });
    expect(step?.deadline?.within).toBeUndefined();
  });

  it('hashes labels independently of their insertion order', () => {
    const definition = load('order-to-cash.yaml');
    const ab = { ...definition, labels: { alpha: '1', beta: '2' } };
    const ba = { ...definition, labels: { beta: '2', alpha: '1' } };
    expect(definitionContentSha256(ab)).toBe(definitionContentSha256(ba));
    expect(definitionContentSha256(ab)).not.toBe(definitionContentSha256(definition));
  });

  it('is the SHA-256 of the binary encoding', () => {
    const definition = load('vendor-management.yaml');
    const bytes = definitionV1.ProcessDefinition.encode(processDefinitionToProto(definition)).finish();
    expect(definitionContentSha256(definition)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
