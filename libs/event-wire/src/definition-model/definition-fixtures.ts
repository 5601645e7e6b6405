import { definitionV1 } from '@baton/contracts';
import { parseDefinitionYaml, type ProcessDefinition } from '@baton/domain';
import { processDefinitionToProto } from './process-definition.to-proto';

/** A small definition touching every enum of the wire message (for the specs). */
export const SMALL_DEFINITION_YAML = `
id: small
category: operational
owner: { role: ops-lead }
trigger: { event: case.opened, correlationKey: caseId, requires: [caseId] }
steps:
  - id: check
    owner: { team: ops, policy: least-loaded }
    deadline: P1D
    escalate: [{ after: PT1H, action: notify, to: { role: ops-lead } }]
    outputs: [{ name: amount, type: number }]
  - id: prepare
    owner: { dataField: preparerId }
    deadline: { relativeTo: dueDate, offset: -P2D }
  - id: book
    kind: automated
    system: erp
    operation: post
    owner: { person: pat }
    deadline: PT1H
  - id: review
    kind: approval
    outcomes: [approved, rejected]
    owner: { role: approver }
    deadline: P2D
handoffs:
  - { from: start, to: [check, prepare], data: [caseId], owner: { role: coordinator } }
  - { from: [check, prepare], to: review, on: completed, join: first, data: [amount], owner: { role: coordinator } }
  - { from: review, to: book, on: { outcome: approved }, data: [amount], owner: { role: coordinator }, sla: { within: PT4H, atRisk: 75% } }
  - { from: book, to: end, on: completed }
exceptions:
  - { from: review, on: rejected, outcomes: [rejected], action: rework, to: check, maxIterations: 3 }
`;

export function smallDefinition(): ProcessDefinition {
  const parsed = parseDefinitionYaml(SMALL_DEFINITION_YAML);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
}

/** The small definition's wire message, for a spec to change one field of. */
export const smallMessage = (): definitionV1.ProcessDefinition => processDefinitionToProto(smallDefinition());
