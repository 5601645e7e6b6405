import { z } from 'zod';
import { exception, handoff, trigger, waiver } from './schema-handoffs';
import { fieldList, id, owner, strict, text } from './schema-primitives';
import { step } from './schema-steps';

/**
 * The definition source format (YAML or JSON), validated shape by shape. Cross-references (step
 * ids, outcomes, conditions) are checked afterwards by `checkReferences`, on this schema's output.
 * The format is documented in README.md beside this file.
 */
export const definitionSource = strict({
  id,
  name: text.optional(),
  description: text.optional(),
  category: z.enum(['operational', 'management', 'support']),
  owner: owner.optional(),
  labels: z.record(z.string(), z.string()).optional(),
  trigger: trigger.optional(),
  triggers: z.array(trigger).optional(),
  data: fieldList.optional(),
  steps: z.array(step).min(1, 'a process has at least one step'),
  handoffs: z.array(handoff).optional(),
  exceptions: z.array(exception).optional(),
  waivers: z.array(waiver).optional(),
});

export type SourceDefinition = z.output<typeof definitionSource>;
