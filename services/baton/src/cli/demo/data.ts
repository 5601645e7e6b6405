import type { DataField, ProcessDefinition } from '@baton/domain';

/** A small seeded PRNG (mulberry32): the demo's data is reproducible with `--seed`. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DataContext {
  readonly random: () => number;
  readonly now: Date;
  /** A unique suffix for ids of this instance, e.g. `0007`. */
  readonly serial: string;
  /** People the directory knows, to fill person-id fields (requesterId, hiringManagerId, …). */
  readonly people: readonly string[];
}

const DAY = 86_400_000;
const pick = <T>(ctx: DataContext, values: readonly T[]): T =>
  values[Math.floor(ctx.random() * values.length)] as T;
const isoDate = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Dates the reference processes key deadlines and timers on. `renewalDate` is 59 days away so the
 * client-lifecycle timer (60 days before renewal) fires at once instead of in two months.
 */
const DATE_OFFSETS_DAYS: Readonly<Record<string, number>> = {
  startDate: 14,
  renewalDate: 59,
  contractStartDate: 7,
  invoiceDueDate: 30,
  goLiveDate: 10,
};

const WORDS = ['alpha', 'harbor', 'summit', 'cedar', 'nova', 'atlas', 'pioneer', 'beacon'];

/** A plausible value for one data field of the reference processes, by name first, then by type. */
export function valueFor(field: DataField, ctx: DataContext): unknown {
  const { name } = field;
  switch (name) {
    case 'currency':
      return pick(ctx, ['EUR', 'USD', 'GBP']);
    case 'department':
      return pick(ctx, ['engineering', 'sales', 'marketing', 'engineering']);
    case 'paymentTerms':
      return pick(ctx, ['net-30', 'net-45', 'net-60']);
    case 'renewalIntent':
      return pick(ctx, ['renew', 'expand', 'undecided']);
    case 'fiscalYear':
      return ctx.now.getUTCFullYear() + 1;
    case 'workLocation':
      return pick(ctx, ['Berlin', 'Lisbon', 'remote']);
    case 'jobTitle':
      return pick(ctx, ['Data Engineer', 'Account Executive', 'Product Designer']);
  }
  switch (field.type) {
    case 'number':
      return Math.round(500 + ctx.random() * 49_500);
    case 'integer':
      return 1 + Math.floor(ctx.random() * 10);
    case 'boolean':
      return true;
    case 'date':
      return isoDate(new Date(ctx.now.getTime() + (DATE_OFFSETS_DAYS[name] ?? 1) * DAY));
    case 'timestamp':
      return ctx.now.toISOString();
    case 'list':
      return [
        { sku: `SKU-${100 + Math.floor(ctx.random() * 900)}`, quantity: 1 + Math.floor(ctx.random() * 5) },
      ];
    case 'object':
      return { name: `${pick(ctx, WORDS)} contact`, city: pick(ctx, ['Berlin', 'Lisbon', 'Austin']) };
    case 'string':
      return stringValue(name, ctx);
  }
}

function stringValue(name: string, ctx: DataContext): string {
  const lower = name.toLowerCase();
  // Person fields name who does the work (`owner: { dataField: hiringManagerId }`).
  if (/(requester|head|manager|owner|buddy|csm|requestedby)/.test(lower) && ctx.people.length > 0) {
    return pick(ctx, ctx.people);
  }
  if (lower.endsWith('url')) return `https://docs.example.com/${name}/${ctx.serial}`;
  if (lower.endsWith('id') || lower.endsWith('serial')) return `${name.replace(/Id$/, '')}-${ctx.serial}`;
  if (lower.endsWith('name'))
    return `${pick(ctx, WORDS)} ${pick(ctx, ['GmbH', 'Ltd', 'Inc', 'Lee', 'Silva'])}`;
  if (lower.endsWith('email')) return `${pick(ctx, WORDS)}.${ctx.serial}@example.com`;
  return `${name} for ${ctx.serial}: ${pick(ctx, WORDS)}`;
}

/** Values for a list of fields, as one object. */
export function valuesFor(fields: readonly DataField[], ctx: DataContext): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.name, valueFor(f, ctx)]));
}

/**
 * The initial data of a new instance: its start trigger's required fields plus every field its
 * handoffs from `start` carry. The correlation key becomes the business key.
 */
export function startData(
  definition: ProcessDefinition,
  ctx: DataContext,
): { key: string; data: Record<string, unknown> } {
  const trigger = definition.triggers[0];
  const fromStart = definition.handoffs.filter((h) => h.from.includes('start')).flatMap((h) => h.data ?? []);
  const data = valuesFor([...(trigger?.requires ?? []), ...definition.data, ...fromStart], ctx);
  const keyField = trigger?.correlationKey;
  const key =
    keyField && typeof data[keyField] === 'string'
      ? (data[keyField] as string)
      : `${definition.id}-${ctx.serial}`;
  return { key, data };
}
