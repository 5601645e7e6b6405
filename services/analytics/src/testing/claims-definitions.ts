import type { DefinitionVersionPublishedData } from '@baton/event-wire';

/**
 * Claims v1: register, then check (intake) and assess (review) in parallel, joined before pay
 * (payout); a rejected assessment goes back to register. v2, the redesign: register, triage
 * (intake), assess, pay in a row, the handoff to pay within 5 minutes.
 */
export const CLAIMS_V1 = `
id: claims
name: Insurance claims
category: operational
steps:
  - { id: register, name: Register the claim, owner: { team: intake } }
  - { id: check, name: Check the documents, owner: { team: intake } }
  - id: assess
    name: Assess the claim
    kind: approval
    outcomes: [approved, rejected]
    owner: { team: review }
    deadline: PT60M
  - { id: pay, name: Pay out, owner: { team: payout } }
handoffs:
  - { id: h-start, from: start, to: register }
  - { id: h-split, from: register, to: [check, assess] }
  - { id: h-join, from: [check, assess], to: pay, join: all }
  - { id: h-end, from: pay, to: end }
exceptions:
  - { id: back-to-intake, from: assess, on: rejected, action: rework, to: register, maxIterations: 2 }
`;

export const CLAIMS_V2 = `
id: claims
name: Insurance claims
category: operational
steps:
  - { id: register, name: Register the claim, owner: { team: intake } }
  - { id: triage, name: Triage, owner: { team: intake } }
  - id: assess
    name: Assess the claim
    kind: approval
    outcomes: [approved]
    owner: { team: review }
    deadline: PT30M
  - { id: pay, name: Pay out, owner: { team: payout }, deadline: PT14M }
handoffs:
  - { id: h-start, from: start, to: register }
  - { id: h-triage, from: register, to: triage }
  - { id: h-assess, from: triage, to: assess }
  - { id: h-pay, from: assess, to: pay, owner: { role: payout-lead }, sla: { within: PT5M, atRisk: 80% } }
  - { id: h-end, from: pay, to: end }
`;

/** The stored data of the definition service's DefinitionVersionPublished. */
export const published = (version: number, text: string): DefinitionVersionPublishedData => ({
  definitionId: 'claims',
  version,
  contentSha256: '0'.repeat(64),
  source: { format: 'yaml', text },
  findings: [],
});
