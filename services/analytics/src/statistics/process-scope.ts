import { access } from '@baton/domain';
import { callerOf, type CallContext } from '@baton/grpc-server';
import { DefinitionCatalog } from '../definitions/definition-catalog';
import type { ReadModelReader } from '../read-model-store/read-model-store.port';
import type { StatsScope } from './stats-scope';

/**
 * The definitions whose analytics the caller may read (docs/security.md): undefined when it
 * reads all of its tenant's (admins, team leads, Baton's own calls); for a process owner, those
 * whose latest version names them or one of their teams as owner. A query naming one definition
 * is refused with PERMISSION_DENIED unless the caller may read it.
 */
export async function readableDefinitions(
  reader: ReadModelReader,
  context: CallContext,
  named: string | undefined,
): Promise<readonly string[] | undefined> {
  const caller = callerOf(context);
  if (!caller || access.processAnalyticsScope(caller) === undefined) return undefined;
  const catalog = await DefinitionCatalog.load(reader, named || undefined, context.tenantId);
  const ownerOf = (definitionId: string) => catalog.latest(definitionId) ?? {};
  if (named) {
    access.requireProcessAnalytics(caller, ownerOf(named));
    return [named];
  }
  return catalog.definitionIds().filter((id) => access.ownsProcess(caller, ownerOf(id)));
}

/** Field names under which a statistics query holds its StatsScope (compareVersions holds two). */
const SCOPE_FIELDS: ReadonlySet<string> = new Set(['scope', 'base', 'candidate']);

/**
 * The query with each StatsScope it holds narrowed to `definitionIds` (unchanged when undefined).
 * A copy of the same class, so the query bus still finds its handler.
 */
export function narrowedTo<Q extends object>(query: Q, definitionIds: readonly string[] | undefined): Q {
  if (definitionIds === undefined) return query;
  const copy = Object.create(Object.getPrototypeOf(query) as object) as Record<string, unknown>;
  for (const [field, value] of Object.entries(query)) {
    copy[field] = SCOPE_FIELDS.has(field)
      ? ({ ...{}, ...(value as StatsScope), definitionIds } satisfies StatsScope)
      : value;
  }
  return copy as Q;
}
