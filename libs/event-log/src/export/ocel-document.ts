import type { instance } from '@baton/domain';
import {
  EVENT_ATTRIBUTES,
  OBJECT_TYPE_DECLARATIONS,
  OBJECT_TYPES,
  objectIds,
  type OcelEvent,
  type OcelObject,
  type OcelTypeDeclaration,
} from './ocel-model';

/**
 * The pieces of an OCEL 2.0 JSON document, one record per line:
 * `{"objectTypes":[…],"eventTypes":[…],"objects":[…],"events":[…]}`. The types are known only
 * once every instance was mapped (event types name steps), so a streaming writer keeps objects
 * and events aside and writes {@link ocelDocumentStart} first when it has them all.
 */
export function ocelDocumentStart(eventTypes: ReadonlyMap<string, instance.InstanceEventType>): string {
  const declared: OcelTypeDeclaration[] = [...eventTypes]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, type]) => ({ name, attributes: EVENT_ATTRIBUTES[type] }));
  return (
    '{"objectTypes":[\n' +
    OBJECT_TYPE_DECLARATIONS.map((t) => JSON.stringify(t)).join(',\n') +
    '\n],"eventTypes":[\n' +
    declared.map((t) => JSON.stringify(t)).join(',\n') +
    (declared.length > 0 ? '\n' : '') +
    '],"objects":[\n'
  );
}

export const OCEL_BETWEEN_OBJECTS_AND_EVENTS = '\n],"events":[\n';
export const OCEL_DOCUMENT_END = '\n]}\n';

/** One record of the `objects` or `events` array (no separator). */
export const ocelRecord = (record: OcelEvent | OcelObject): string => JSON.stringify(record);

/** The person objects (each a member of the teams it was assigned for) and the team objects, sorted. */
export function sharedObjects(
  people: ReadonlyMap<string, ReadonlySet<string>>,
  teams: ReadonlySet<string>,
): OcelObject[] {
  const sorted = <T>(values: Iterable<T>) => [...values].sort();
  const allTeams = new Set(teams);
  for (const memberOf of people.values()) for (const teamId of memberOf) allTeams.add(teamId);
  return [
    ...sorted(people.keys()).map((personId) => ({
      id: objectIds.person(personId),
      type: OBJECT_TYPES.person,
      attributes: [],
      relationships: sorted(people.get(personId) ?? []).map((teamId) => ({
        objectId: objectIds.team(teamId),
        qualifier: 'member of',
      })),
    })),
    ...sorted(allTeams).map((teamId) => ({
      id: objectIds.team(teamId),
      type: OBJECT_TYPES.team,
      attributes: [],
      relationships: [],
    })),
  ];
}
