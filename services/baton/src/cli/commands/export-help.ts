/** The mapping in short; the tables are in docs/analytics-export.md. */
export const EXPORT_HELP = `
What is exported: every instance of the definition (of --version, started in [--since, --until)),
running ones too, as the event store held it when the export began (a snapshot: later events are
left out). Instances are read one at a time, so memory does not grow with their number.

XES (IEEE 1849-2016; Concept, Time, Lifecycle and Organizational extensions, standard lifecycle
model): one trace per instance (concept:name = instance id; definitionId, definitionVersion,
businessKey, outcome, startedAt, endedAt). Per step activation, events with concept:name = step id,
concept:instance = activation id, org:resource = the person, org:group = the team:
  StepActivated → schedule          StepAssigned → assign        StepReassigned → reassign
  StepStarted → start               StepCompleted → complete     rejected (approval) → complete
  failed → ate_abort                cancelled with the instance → pi_abort
  overdue, escalated → unknown, with marking=overdue|escalated (a reassigning escalation: reassign)
Times are ISO 8601 with their offset (--time-zone), so every reader gets the same UTC instants.

OCEL 2.0 JSON: object types instance, step-activation, person, team; one event per Baton event,
typed "<step id> <verb>" (review completed, review rejected, …) or "Instance started" and the like;
each relates the instance, its activation, the person (worker, assignee, previous assignee,
escalated to) and the team. Activations relate the instance and the activations they were handed
off from; status and assignee are object attributes with the time of each change.

Sensitive data: values of fields the instance's definition version marks sensitive are written as
[redacted]; so is the business key when a sensitive field is a correlation key. A version not
found among the published definitions (--definition-schema on PostgreSQL) is redacted in full.

Examples:
  npx baton export --definition order-to-cash --out o2c.xes
  npx baton export --definition order-to-cash --version 2 --since 2026-01-01 --out o2c.xes.gz
  npx baton export --definition employee-onboarding --format ocel --time-zone Europe/Paris > onboarding.json
  DATABASE_URL=postgres://… npx baton export --store postgres --definition order-to-cash --out o2c.xes
  npx baton analyze o2c.xes                     # Baton's own importer reads it back`;
