import { ValidationError } from '../../shared/errors';
import {
  aDefinition,
  anInstanceStarted,
  aStepActivated,
  DAY,
  fromStart,
  handoff,
  HOUR,
  humanTask,
  instanceSpec,
  startInstance,
  T0,
  versionOf,
} from '../testing';

/** IT must be done two days before the new hire's start date. */
const definition = aDefinition({
  steps: [humanTask('provision', { deadline: { kind: 'relative', field: 'startDate', offsetMs: -2 * DAY } })],
  handoffs: [handoff('go', 'start', 'provision'), handoff('done', 'provision', 'end')],
});
const spec = instanceSpec(definition);
const start = (startDate: unknown) =>
  startInstance(versionOf(definition), { startDate: startDate as string });

describe('Instance routing', () => {
  describe('a deadline relative to a date in the data', () => {
    it('is due two days before a start date (a date: UTC midnight)', () => {
      spec
        .given([])
        .when(start('2026-02-02'))
        .then([
          anInstanceStarted({ data: { startDate: '2026-02-02' } }),
          aStepActivated({
            stepId: 'provision',
            handedOffFrom: [fromStart('go')],
            dueAt: Date.UTC(2026, 0, 31),
          }),
        ]);
    });

    it('reads a timestamp with its zone, or epoch milliseconds', () => {
      const [, fromIso] = spec.given([]).when(start('2026-02-02T09:00:00+01:00')).events();
      expect(fromIso?.data).toMatchObject({ dueAt: Date.UTC(2026, 1, 2, 8) - 2 * DAY });
      const [, fromMillis] = spec
        .given([])
        .when(start((T0 + 10 * DAY) as unknown as string))
        .events();
      expect(fromMillis?.data).toMatchObject({ dueAt: T0 + 8 * DAY });
    });

    it('refuses the activation when the date is missing', () => {
      const error = spec
        .given([])
        .when(startInstance(versionOf(definition)))
        .thenThrows(ValidationError, 'DEADLINE.UNRESOLVABLE');
      expect(error.violations).toEqual([
        {
          field: 'data.startDate',
          description: 'missing; the step deadline is relative to it',
          reason: 'REQUIRED',
        },
      ]);
    });

    it('refuses the activation when the date cannot be read', () => {
      for (const bad of ['next monday', '2026-02-30', '2026-02-02T09:00:00', true]) {
        const error = spec.given([]).when(start(bad)).thenThrows(ValidationError, 'DEADLINE.UNRESOLVABLE');
        expect(error.violations[0]?.reason).toBe('TYPE_MISMATCH');
      }
    });

    it('quotes the unreadable value, unless its field is sensitive', () => {
      const quoted = spec
        .given([])
        .when(start('next monday'))
        .thenThrows(ValidationError, 'DEADLINE.UNRESOLVABLE');
      expect(quoted.violations[0]?.description).toBe('must be a date or timestamp, got "next monday"');
      const secret = {
        ...definition,
        data: [{ name: 'startDate', type: 'string' as const, sensitive: true as const }],
      };
      const refused = instanceSpec(secret)
        .given([])
        .when(startInstance(versionOf(secret), { startDate: 'next monday' }))
        .thenThrows(ValidationError, 'DEADLINE.UNRESOLVABLE');
      expect(refused.violations[0]?.description).toBe(
        'must be a date or timestamp, got a value of a sensitive field',
      );
    });

    it('never quotes a sensitive value of the wrong type in a contract violation', () => {
      const typed = {
        ...definition,
        data: [{ name: 'startDate', type: 'date' as const, sensitive: true as const }],
      };
      const refused = instanceSpec(typed)
        .given([])
        .when(startInstance(versionOf(typed), { startDate: 'next monday' }))
        .thenThrows(ValidationError, 'INSTANCE.START_DATA_INVALID');
      expect(refused.violations[0]?.description).toMatch(/^must be a date \(YYYY-MM-DD\), got another type;/);
    });
  });

  describe('a deadline within a duration', () => {
    it('is due that long after activation', () => {
      const within = aDefinition({
        steps: [humanTask('review', { deadline: { kind: 'within', durationMs: 4 * HOUR } })],
        handoffs: [handoff('go', 'start', 'review')],
      });
      const [, activated] = instanceSpec(within)
        .given([])
        .when(startInstance(versionOf(within), {}, { now: T0 + HOUR }))
        .events();
      expect(activated?.data).toMatchObject({ dueAt: T0 + 5 * HOUR });
    });
  });
});
