import { z } from 'zod';

const attributeType = z.enum(['string', 'time', 'integer', 'float', 'boolean']);
const typeDeclaration = z.object({
  name: z.string().min(1),
  attributes: z.array(z.object({ name: z.string().min(1), type: attributeType })),
});
const value = z.union([z.string(), z.number(), z.boolean()]);
const relationship = z.object({ objectId: z.string().min(1), qualifier: z.string() });
const isoTime = z.string().refine((t) => !Number.isNaN(Date.parse(t)), 'not an ISO 8601 date-time');

/** The OCEL 2.0 JSON format's shape (ocel-standard.org, JSON serialisation). */
const ocelDocument = z.object({
  objectTypes: z.array(typeDeclaration),
  eventTypes: z.array(typeDeclaration),
  objects: z.array(
    z.object({
      id: z.string().min(1),
      type: z.string().min(1),
      attributes: z.array(z.object({ name: z.string(), time: isoTime, value })).optional(),
      relationships: z.array(relationship).optional(),
    }),
  ),
  events: z.array(
    z.object({
      id: z.string().min(1),
      type: z.string().min(1),
      time: isoTime,
      attributes: z.array(z.object({ name: z.string(), value })).optional(),
      relationships: z.array(relationship).optional(),
    }),
  ),
});

export type OcelDocument = z.infer<typeof ocelDocument>;

/**
 * What is wrong with a parsed OCEL 2.0 JSON document, as messages (none: it is well formed): its
 * shape, unique type names and ids, every object and event of a declared type, every attribute
 * declared by its type with a value of the declared type, and every relationship (event to
 * object, object to object) pointing to an object of the document.
 */
export function ocelProblems(document: unknown): string[] {
  const parsed = ocelDocument.safeParse(document);
  if (!parsed.success) {
    return parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`);
  }
  const doc = parsed.data;
  const problems: string[] = [];
  const declared = (types: OcelDocument['objectTypes'], what: string) => {
    const byName = new Map<string, Map<string, string>>();
    for (const t of types) {
      if (byName.has(t.name)) problems.push(`${what} type "${t.name}" is declared twice`);
      byName.set(t.name, new Map(t.attributes.map((a) => [a.name, a.type])));
    }
    return byName;
  };
  const objectTypes = declared(doc.objectTypes, 'object');
  const eventTypes = declared(doc.eventTypes, 'event');
  const objectIds = new Set<string>();
  for (const o of doc.objects) {
    if (objectIds.has(o.id)) problems.push(`object id "${o.id}" is used twice`);
    objectIds.add(o.id);
  }
  const checkAttributes = (
    where: string,
    types: Map<string, string> | undefined,
    attributes: readonly { name: string; value: string | number | boolean }[] = [],
  ) => {
    for (const a of attributes) {
      const type = types?.get(a.name);
      if (type === undefined) problems.push(`${where}: attribute "${a.name}" is not declared by its type`);
      else if (!valueFits(type, a.value)) problems.push(`${where}: attribute "${a.name}" is not a ${type}`);
    }
  };
  const checkRelationships = (
    where: string,
    relationships: OcelDocument['events'][number]['relationships'] = [],
  ) => {
    for (const r of relationships) {
      if (!objectIds.has(r.objectId))
        problems.push(`${where}: relationship to unknown object "${r.objectId}"`);
    }
  };
  for (const o of doc.objects) {
    const where = `object ${o.id}`;
    if (!objectTypes.has(o.type)) problems.push(`${where}: type "${o.type}" is not declared`);
    checkAttributes(where, objectTypes.get(o.type), o.attributes);
    checkRelationships(where, o.relationships);
  }
  const eventIds = new Set<string>();
  for (const e of doc.events) {
    const where = `event ${e.id}`;
    if (eventIds.has(e.id)) problems.push(`event id "${e.id}" is used twice`);
    eventIds.add(e.id);
    if (!eventTypes.has(e.type)) problems.push(`${where}: type "${e.type}" is not declared`);
    checkAttributes(where, eventTypes.get(e.type), e.attributes);
    checkRelationships(where, e.relationships);
  }
  return problems;
}

function valueFits(type: string, value: string | number | boolean): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'time':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    case 'integer':
      return Number.isInteger(value);
    case 'float':
      return typeof value === 'number';
    default:
      return typeof value === 'boolean';
  }
}
