import { commonV1 } from '@baton/contracts';

// The source-form values the proto reader writes (JSON the domain parser reads).

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };
export type JsonObject = { [key: string]: Json | undefined };

export const text = (value: string): string | undefined => (value === '' ? undefined : value);
export const list = <T>(values: readonly T[]): T[] | undefined => (values.length ? [...values] : undefined);

/**
 * The owner the kind names, plus every other non-empty field, so the parser refuses what the
 * domain cannot hold (a role scoped to a team, a team read from a data field) and an unspecified
 * kind (`{}`: "an owner names exactly one of ...").
 */
export function ownerSource(o: commonV1.OwnerSpec): JsonObject {
  const { OwnerKind } = commonV1;
  const person = text(o.personId);
  const team = text(o.teamId);
  const role = text(o.role);
  const dataField = text(o.dataField);
  switch (o.kind) {
    case OwnerKind.OWNER_KIND_PERSON:
      return person === undefined && dataField !== undefined
        ? { dataField, team, role }
        : { person: o.personId, team, role, dataField };
    case OwnerKind.OWNER_KIND_TEAM:
      return { team: o.teamId, person, role, dataField };
    case OwnerKind.OWNER_KIND_ROLE:
      return { role: o.role, person, team, dataField };
    default:
      return {};
  }
}

/** Drops `undefined` members at any depth (the parser's strict objects would count them as set). */
export function prune(value: Json | undefined): Json | undefined {
  if (Array.isArray(value)) return value.map((v) => prune(v) ?? null);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, prune(v)]),
    );
  }
  return value;
}
