import type { RecordedEvent } from '@baton/eventstore';

type Data = Readonly<Record<string, unknown>>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** The person or, failing that, the actor who caused an event. */
function who(event: RecordedEvent, data: Data): string {
  return str(data['personId']) ?? str(event.metadata.actor) ?? 'someone';
}

/**
 * One line a person can read in an audit trail, e.g. `alice completed "approve" (approved)`.
 * Step ids stand in for names: the audit trail reads events only, not definitions.
 */
export function summarize(event: RecordedEvent): string {
  const d = (event.data ?? {}) as Data;
  const step = `"${str(d['stepId']) ?? '?'}"`;
  const reason = str(d['reason']);
  const why = reason ? ` (${reason})` : '';
  switch (event.type) {
    case 'InstanceStarted':
      return `${str(event.metadata.actor) ?? 'someone'} started ${str(d['definitionId'])} v${String(d['definitionVersion'])} for ${str(d['businessKey'])}${d['triggerType'] ? ` on trigger ${str(d['triggerType'])}` : ''}`;
    case 'StepActivated':
      return `${step} activated${d['dueAt'] ? `, due ${new Date(Number(d['dueAt'])).toISOString()}` : ''}`;
    case 'StepAssigned':
      return `${step} assigned to ${str(d['personId'])}${why}`;
    case 'StepStarted':
      return `${who(event, d)} started ${step}`;
    case 'StepCompleted':
      return `${who(event, d)} completed ${step}${d['outcome'] ? ` (${str(d['outcome'])})` : ''}`;
    case 'StepFailed':
      return `${step} ${d['kind'] === 'rejected' ? 'rejected' : 'failed'}${why}`;
    case 'StepReassigned':
      return `${step} reassigned from ${str(d['fromPersonId']) ?? 'nobody'} to ${str(d['toPersonId'])}${why}`;
    case 'StepOverdue':
      return `${step} overdue`;
    case 'StepEscalated':
      return `${step} escalated to level ${String(d['level'])}${d['toPersonId'] ? ` (${str(d['toPersonId'])})` : ''}`;
    case 'TriggerCorrelated':
      return `trigger ${str(d['triggerType'])} (${str(d['correlationKey'])}) correlated`;
    case 'InstanceCompleted':
      return 'instance completed';
    case 'InstanceCancelled':
      return `instance cancelled${why}`;
    case 'InstanceFailed':
      return `instance failed${why}`;
    default:
      return event.type;
  }
}

/** The trace id of a W3C `traceparent` (`00-<trace id>-<span id>-<flags>`), if any. */
export function traceIdOf(traceparent: string | undefined): string {
  return traceparent?.split('-')[1] ?? '';
}
