import { z } from 'zod';
import { parseDuration } from './duration';
import type { AssignmentPolicy, OwnerSpec } from './model';

/**
 * Building blocks of the source schema. Shorthands are expanded by `z.preprocess` before
 * validation, so every error is reported against the expanded shape (and `fitPathToSource` maps
 * its path back to what the author wrote).
 */

/** A strict object whose unknown-field error lists the fields that are allowed. */
export function strict<T extends z.core.$ZodLooseShape>(shape: T, context?: string) {
  const allowed = `allowed${context ? ` ${context}` : ''}: ${Object.keys(shape).join(', ')}`;
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? allowed : undefined),
  });
}

/**
 * A keyword or an object: `'completed'` and `{ outcome: approved }` both describe a trigger.
 * Known keywords are expanded to their object form; any other string is refused with `hint`.
 */
export function keywordOr<T extends z.ZodType>(keywords: Record<string, object>, schema: T, hint: string) {
  return z.preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    const expanded = keywords[value];
    if (expanded === undefined)
      ctx.addIssue({ code: 'custom', message: `'${value}' is not allowed: ${hint}` });
    return expanded ?? value;
  }, schema);
}

/** A list that may be written as a single item. */
export function oneOrMany<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (value) => (Array.isArray(value) ? value : [value]),
    z.array(item).min(1, 'list at least one'),
  );
}

export const id = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes, starting with a letter');

/** A step id, or the pseudo-steps `start` / `end`; whether it exists is checked after parsing. */
export const stepRef = z.string().min(1, 'must name a step');

export const text = z.string().trim().min(1, 'must not be empty');

/** A person, team, role, system or event id: no spaces. */
export const token = z.string().regex(/^\S+$/, 'must be a non-empty id without spaces');

export const eventType = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be an event type such as hr.offer.signed');

export const fieldName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/,
    'must be a field name or a dotted path such as customer.email',
  );

const fieldType = z.enum(['string', 'number', 'integer', 'boolean', 'date', 'timestamp', 'object', 'list']);

const field = z.preprocess(
  (value) => (typeof value === 'string' ? { name: value } : value),
  strict({
    name: fieldName,
    type: fieldType.default('string'),
    description: text.optional(),
    sensitive: z.boolean().optional(),
  }).transform(({ sensitive, ...rest }) =>
    // `sensitive: false` is the default: dropped, so a normalized field says it only when true.
    sensitive ? { ...{}, ...rest, sensitive: true as const } : rest,
  ),
);

/** Fields written as bare names (`candidateId`, type string) or `{ name, type, description, sensitive }`. */
export const fieldList = z.array(field).superRefine((fields, ctx) => {
  fields.forEach((f, index) => {
    if (fields.findIndex((other) => other.name === f.name) !== index) {
      ctx.addIssue({ code: 'custom', message: `field '${f.name}' is listed twice`, path: [index, 'name'] });
    }
  });
});

function duration(check: (ms: number) => string | undefined) {
  return z.string().transform((value, ctx) => {
    const parsed = parseDuration(value);
    const problem = parsed.ok ? check(parsed.ms) : parsed.error;
    if (problem !== undefined || !parsed.ok) {
      ctx.issues.push({ code: 'custom', message: problem ?? 'invalid duration', input: value });
      return z.NEVER;
    }
    return parsed.ms;
  });
}

export const positiveDuration = duration((ms) => (ms > 0 ? undefined : 'must be a positive duration'));
export const nonNegativeDuration = duration((ms) => (ms >= 0 ? undefined : 'must not be negative'));
export const signedDuration = duration(() => undefined);

/**
 * A positive duration in calendar time (`PT4H`) or in business time of the owning team's calendar
 * (`PT4H business`): working time only, so four business hours from Friday 16:00 fall on Monday.
 */
export const clockedDuration = z.string().transform((value, ctx) => {
  const [amount = '', clock, ...rest] = value.trim().split(/\s+/);
  if (rest.length > 0 || (clock !== undefined && clock !== 'business' && clock !== 'calendar')) {
    ctx.issues.push({
      code: 'custom',
      message: `'${value}': write a duration, optionally followed by "business" (e.g. PT4H business)`,
      input: value,
    });
    return z.NEVER;
  }
  const parsed = parseDuration(amount);
  const problem = parsed.ok ? (parsed.ms > 0 ? undefined : 'must be a positive duration') : parsed.error;
  if (problem !== undefined || !parsed.ok) {
    ctx.issues.push({ code: 'custom', message: problem ?? 'invalid duration', input: value });
    return z.NEVER;
  }
  return { ms: parsed.ms, business: clock === 'business' };
});

const ownerKinds = { person: token, team: token, role: token, dataField: fieldName };

function toOwnerSpec(owner: {
  person?: string;
  team?: string;
  role?: string;
  dataField?: string;
}): OwnerSpec {
  if (owner.person !== undefined) return { kind: 'person', personId: owner.person };
  if (owner.team !== undefined) return { kind: 'team', teamId: owner.team };
  if (owner.role !== undefined) return { kind: 'role', role: owner.role };
  return { kind: 'data-field', field: owner.dataField ?? '' };
}

function exactlyOneOwner(owner: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const given = Object.keys(ownerKinds).filter((key) => owner[key] !== undefined);
  if (given.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: `an owner names exactly one of person, team, role or dataField${given.length ? ` (got ${given.join(', ')})` : ''}`,
    });
  }
}

/** `{ person | team | role | dataField }`: owners of processes, handoffs and escalations. */
export const owner = strict({
  person: token.optional(),
  team: token.optional(),
  role: token.optional(),
  dataField: fieldName.optional(),
})
  .superRefine(exactlyOneOwner)
  .transform(toOwnerSpec);

const policy = z.enum(['round-robin', 'least-loaded', 'manual-claim', 'direct']);

/** A step owner may also say how a team or role is resolved to one person. */
export const stepOwner = strict({
  person: token.optional(),
  team: token.optional(),
  role: token.optional(),
  dataField: fieldName.optional(),
  policy: policy.optional(),
})
  .superRefine(exactlyOneOwner)
  .superRefine((value, ctx) => {
    if (
      (value.person !== undefined || value.dataField !== undefined) &&
      value.policy &&
      value.policy !== 'direct'
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['policy'],
        message: `policy '${value.policy}' applies to team and role owners; a person or dataField owner is assigned directly`,
      });
    }
  })
  .transform((value): { spec: OwnerSpec; policy?: AssignmentPolicy } => ({
    spec: toOwnerSpec(value),
    ...(value.policy ? { policy: value.policy } : {}),
  }));
