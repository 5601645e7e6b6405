import { z } from 'zod';
import type { Deadline } from './model';
import {
  eventType,
  fieldList,
  fieldName,
  clockedDuration,
  id,
  nonNegativeDuration,
  owner,
  signedDuration,
  stepOwner,
  strict,
  text,
  token,
} from './schema-primitives';

/**
 * A deadline (and a timer's firing time): `P3D` or `{ within: P3D }` after activation (`PT4H
 * business`: in the owning team's working time), or
 * `{ relativeTo: startDate, offset: -P2D }` relative to a date or timestamp in the instance data.
 */
export const deadline = z
  .preprocess(
    (value) => (typeof value === 'string' ? { within: value } : value),
    strict({
      within: clockedDuration.optional(),
      relativeTo: fieldName.optional(),
      offset: signedDuration.optional(),
    }),
  )
  .superRefine((value, ctx) => {
    if ((value.within === undefined) === (value.relativeTo === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'a deadline is either { within: <duration> } or { relativeTo: <date field>, offset: <duration> }',
      });
    } else if (value.within !== undefined && value.offset !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['offset'], message: 'offset applies only with relativeTo' });
    }
  })
  .transform((value): Deadline =>
    value.relativeTo !== undefined
      ? { kind: 'relative', field: value.relativeTo, offsetMs: value.offset ?? 0 }
      : {
          kind: 'within',
          durationMs: value.within?.ms ?? 0,
          ...(value.within?.business ? { business: true as const } : {}),
        },
  );

const escalation = strict({
  after: nonNegativeDuration.default(0),
  action: z.enum(['remind', 'notify', 'reassign']),
  to: owner,
});

const base = {
  id,
  name: text.optional(),
  description: text.optional(),
  owner: stepOwner.optional(),
  deadline: deadline.optional(),
  escalate: z.array(escalation).optional(),
  outputs: fieldList.optional(),
};

const outcomes = z
  .array(id)
  .min(1, 'an approval has at least one outcome')
  .superRefine((list, ctx) => {
    list.forEach((outcome, index) => {
      if (list.indexOf(outcome) !== index) {
        ctx.addIssue({ code: 'custom', path: [index], message: `outcome '${outcome}' is listed twice` });
      }
    });
  });

const kinds = [
  strict({ ...{}, ...base, kind: z.literal('human-task') }, 'for a human-task step'),
  strict({ ...{}, ...base, kind: z.literal('approval'), outcomes }, 'for an approval step'),
  strict(
    { ...{}, ...base, kind: z.literal('automated'), system: token, operation: token },
    'for an automated step',
  ),
  strict(
    {
      ...{},
      ...base,
      kind: z.literal('wait-for-event'),
      event: eventType,
      correlationKey: fieldName,
      requires: fieldList.optional(),
    },
    'for a wait-for-event step',
  ),
  strict({ ...{}, ...base, kind: z.literal('timer'), fires: deadline }, 'for a timer step'),
] as const;

export const STEP_KINDS = ['human-task', 'approval', 'automated', 'wait-for-event', 'timer'] as const;

/** A step; `kind` defaults to `human-task`. */
export const step = z.preprocess(
  (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && !('kind' in value)
      ? { ...{}, ...value, kind: 'human-task' }
      : value,
  z.discriminatedUnion('kind', kinds),
);

export type SourceStep = z.output<typeof step>;
