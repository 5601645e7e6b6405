import { access } from '@baton/domain';
import type { ProjectedEvent } from '../projections/projection';
import type { InstanceProgress, NewFacts } from './instance-progress';

/**
 * An instance's tenant: the one its progress remembers (its InstanceStarted's), else the one the
 * first arrived event records (every event of an instance carries the instance's tenant). Events
 * stored before tenancy name none: the default tenant's.
 */
export const tenantOfInstance = (
  progress: InstanceProgress | undefined,
  arrived: readonly ProjectedEvent[],
): string => access.tenantOr(progress?.tenantId ?? arrived[0]?.event.metadata.tenantId);

/**
 * The progress as kept: an open instance of a tenant other than the default remembers it (the
 * default tenant's rows stay as they were before tenancy); an ended one needs it no more.
 */
export const progressWithTenant = (progress: InstanceProgress, tenantId: string): InstanceProgress =>
  progress.status === 'open' && access.tenantOr(tenantId) !== access.DEFAULT_TENANT
    ? { ...{}, ...progress, tenantId }
    : progress;

/**
 * The facts with each definition id scoped by the tenant (`access.tenantScoped`), so every
 * statistics row (all are keyed by definition id first or beside their team) belongs to exactly
 * one tenant, and the queries find the tenant in the key. Every fact kind is a CaseRef or a list
 * of them: any kind added later is scoped too. The default tenant's facts are left as they are.
 */
export function factsOfTenant(facts: NewFacts, tenantId: string): NewFacts {
  if (access.tenantOr(tenantId) === access.DEFAULT_TENANT) return facts;
  const scoped = (fact: unknown): unknown =>
    fact !== null && typeof fact === 'object' && 'definitionId' in fact
      ? { ...{}, ...fact, definitionId: access.tenantScoped(tenantId, String(fact.definitionId)) }
      : fact;
  return Object.fromEntries(
    Object.entries(facts).map(([kind, value]) => [
      kind,
      Array.isArray(value) ? value.map(scoped) : scoped(value),
    ]),
  ) as unknown as NewFacts;
}
