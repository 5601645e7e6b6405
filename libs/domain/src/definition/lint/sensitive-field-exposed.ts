import { sensitiveFields } from '../redaction';
import type { OwnerSpec } from '../model';
import { finding, type LintCheck, type LintFinding } from './types';

const WHY = 'redaction covers data values only';

/**
 * A sensitive field whose value Baton copies out of the data, where redaction cannot follow: a
 * correlation key becomes the business key (listed, exported, used as a topic key) or is recorded
 * on TriggerCorrelated, and a data-field owner's value is recorded as the assignee.
 */
export const sensitiveFieldExposed: LintCheck = (definition) => {
  const sensitive = sensitiveFields(definition);
  if (sensitive.size === 0) return [];
  const found: LintFinding[] = [];
  const correlation = (path: string, field: string, what: string): void => {
    if (sensitive.has(field)) {
      found.push(
        finding(
          'sensitive-field-exposed',
          path,
          `sensitive field '${field}' is ${what}, recorded and shown in the clear (${WHY}): correlate on a non-sensitive id`,
        ),
      );
    }
  };
  const owner = (path: string, spec: OwnerSpec | undefined): void => {
    if (spec?.kind === 'data-field' && sensitive.has(spec.field)) {
      found.push(
        finding(
          'sensitive-field-exposed',
          `${path}.dataField`,
          `sensitive field '${spec.field}' names an owner: the person id it holds is recorded in the clear as the assignee (${WHY})`,
        ),
      );
    }
  };
  const single = definition.triggers.length === 1;
  definition.triggers.forEach((trigger, index) =>
    correlation(
      `${single ? 'trigger' : `triggers[${index}]`}.correlationKey`,
      trigger.correlationKey,
      "the trigger's correlation key (the business key)",
    ),
  );
  owner('owner', definition.owner);
  for (const step of definition.steps) {
    owner(`steps[${step.id}].owner`, step.owner);
    step.escalations.forEach((level, index) => owner(`steps[${step.id}].escalate[${index}].to`, level.to));
    if (step.kind === 'wait-for-event') {
      correlation(`steps[${step.id}].correlationKey`, step.correlationKey, "a wait's correlation key");
    }
  }
  for (const handoff of definition.handoffs) {
    owner(`handoffs[${handoff.id}].owner`, handoff.owner);
    if (handoff.trigger?.kind === 'event') {
      correlation(
        `handoffs[${handoff.id}].on.correlationKey`,
        handoff.trigger.correlationKey,
        "an event handoff's correlation key",
      );
    }
  }
  return found;
};
