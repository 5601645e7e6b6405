import { access, REDACT_ALL, redactEventData } from '@baton/domain';
import type { RecordedEvent } from '@baton/eventstore';
import { DefinitionCatalog } from '../definitions/definition-catalog';
import type { ReadModelReader } from '../read-model-store/read-model-store.port';

/** Who may read sensitive values in an audit trail: callers whose roles grant the permission. */
export const READS_SENSITIVE_DATA = 'data.sensitive.read';

/**
 * How the events of one instance's audit trail are shown to this caller: as recorded for a caller
 * holding `data.sensitive.read`, otherwise with the values of the fields its definition version
 * marks sensitive replaced (the version from the instance's first event, InstanceStarted). When
 * the catalog does not know that version (yet), every data value and key is: unknown is not harmless.
 */
export async function auditRedaction(
  reader: ReadModelReader,
  first: RecordedEvent,
  tenantId: string,
  grants: { readonly roles: readonly access.Role[] } | undefined,
): Promise<(event: RecordedEvent) => RecordedEvent> {
  if (grants && access.permissionsOf(grants.roles).has(READS_SENSITIVE_DATA)) return (event) => event;
  const started = (first.data ?? {}) as { definitionId?: unknown; definitionVersion?: unknown };
  const definitionId = typeof started.definitionId === 'string' ? started.definitionId : undefined;
  const version = typeof started.definitionVersion === 'number' ? started.definitionVersion : undefined;
  const entry =
    definitionId !== undefined && version !== undefined
      ? (await DefinitionCatalog.load(reader, definitionId, tenantId)).entry(definitionId, version)
      : undefined;
  if (entry && !entry.sensitive) return (event) => event;
  const redaction = entry
    ? { fields: new Set(entry.sensitive), keys: entry.sensitiveKeys === true }
    : REDACT_ALL;
  return (event) => {
    const data = (event.data ?? {}) as object;
    const redacted = redactEventData(redaction, data);
    return redacted === data ? event : { ...{}, ...event, data: redacted };
  };
}
