import { z } from 'zod';
import type { HandoffSla, HandoffTrigger, Join } from './model';
import {
  eventType,
  fieldList,
  fieldName,
  id,
  keywordOr,
  oneOrMany,
  owner,
  clockedDuration,
  stepRef,
  strict,
  text,
  token,
} from './schema-primitives';

/** A start trigger: the event that starts an instance and the field that correlates it. */
export const trigger = strict({
  event: eventType,
  correlationKey: fieldName,
  requires: fieldList.optional(),
});

const ON_HINT =
  "write 'completed', { outcome: <outcome or list> } or { event: <type>, correlationKey: <field> }";

/** `on:` of a handoff: what makes it fire. */
const on = keywordOr(
  { completed: { completed: true } },
  strict({
    completed: z.literal(true).optional(),
    outcome: oneOrMany(id).optional(),
    event: eventType.optional(),
    correlationKey: fieldName.optional(),
  }),
  ON_HINT,
)
  .superRefine((value, ctx) => {
    const kinds = [value.completed, value.outcome, value.event].filter((v) => v !== undefined).length;
    if (kinds !== 1) ctx.addIssue({ code: 'custom', message: ON_HINT });
    else if ((value.event === undefined) !== (value.correlationKey === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'an event trigger needs both event and correlationKey' });
    }
  })
  .transform((value): HandoffTrigger => {
    if (value.outcome) return { kind: 'outcome', outcomes: value.outcome };
    if (value.event !== undefined) {
      return { kind: 'event', event: value.event, correlationKey: value.correlationKey ?? '' };
    }
    return { kind: 'completion' };
  });

/** `join:` of a handoff with several `from` steps: `all` (default), `first`, or `{ count: n }`. */
const join = z
  .union(
    [
      z.enum(['all', 'first']),
      strict({ count: z.number().int('count must be a whole number').min(1, 'count must be at least 1') }),
    ],
    { error: "join is 'all', 'first' or { count: <n> }" },
  )
  .transform((value): Join =>
    typeof value === 'string' ? { kind: value } : { kind: 'n-of-m', count: value.count },
  );

const AT_RISK_HINT = "atRisk is the share of the SLA after which the handoff is at risk, e.g. '80%'";

/** `atRisk: 80%`: a whole percentage of the SLA, 1–99 (at 100% the handoff is breached, not at risk). */
const atRisk = z.string({ error: AT_RISK_HINT }).transform((value, ctx) => {
  const match = /^\s*(\d+)\s*%\s*$/.exec(value);
  const percent = match ? Number(match[1]) : NaN;
  const problem = !match
    ? `'${value}' is not a percentage: ${AT_RISK_HINT}`
    : percent < 1
      ? 'must be at least 1%'
      : percent >= 100
        ? `must be below 100%: the at-risk threshold comes before the deadline (${value} is at or after it)`
        : undefined;
  if (problem !== undefined) {
    ctx.issues.push({ code: 'custom', message: problem, input: value });
    return z.NEVER;
  }
  return percent;
});

/**
 * `sla: PT4H` or `{ within: PT4H, atRisk: 80% }`: the target starts within this of the upstream
 * completion; `PT4H business` counts the receiving team's working time only.
 */
const sla = z
  .preprocess(
    (value) => (typeof value === 'string' ? { within: value } : value),
    strict({ within: clockedDuration, atRisk: atRisk.optional() }),
  )
  .transform((value): HandoffSla => ({
    withinMs: value.within.ms,
    ...(value.within.business ? { business: true as const } : {}),
    ...(value.atRisk !== undefined ? { atRiskPercent: value.atRisk } : {}),
  }));

export const handoff = strict({
  id: id.optional(),
  from: oneOrMany(stepRef),
  to: oneOrMany(stepRef),
  on: on.optional(),
  when: text.optional(),
  default: z.boolean().optional(),
  data: fieldList.optional(),
  owner: owner.optional(),
  join: join.optional(),
  sla: sla.optional(),
});

export const exception = strict({
  id: id.optional(),
  from: stepRef,
  on: z.enum(['rejected', 'failed']),
  outcomes: oneOrMany(id).optional(),
  action: z.enum(['rework', 'exception-step', 'cancel', 'fail']),
  to: stepRef.optional(),
  maxIterations: z
    .number()
    .int('maxIterations must be a whole number')
    .min(1, 'maxIterations must be at least 1')
    .optional(),
});

export const waiver = strict({
  rule: z.string(),
  path: z.string().default(''),
  reason: text,
  approvedBy: token,
});

export type SourceHandoff = z.output<typeof handoff>;
export type SourceException = z.output<typeof exception>;
