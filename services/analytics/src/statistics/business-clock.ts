import type { CaseObservation, HandoffObservation, StepObservation } from '@baton/analytics-core';
import { calendar, type instance } from '@baton/domain';
import type { NewFacts } from './instance-progress';

/**
 * The statistics in the second clock, business time (issue 10): every duration counts only the
 * working time of the calendar that applies, and handoff SLAs written `PT4H business` are judged
 * in it. Pure: the calendars come from the caller (the calendars read model).
 *
 * Which calendar (the one execution counts the same deadlines and SLAs in, docs/calendars.md):
 * - a handoff A → B: B's owner's (the receiving step's: a person's own, else the team's, else the
 *   tenant default) in force when A completed, the SLA clock's start;
 * - a step activation: its owner's, in force when it was activated;
 * - a case: the tenant default in force when it started (a process has no owner of its own).
 * One calendar per observation: a calendar changed while it ran does not split it.
 */

/** The facts in both clocks: calendar time (its business SLAs judged) and business time. */
export interface FactsInClocks {
  readonly calendar: NewFacts;
  readonly business: NewFacts;
}

type Calendar = calendar.BusinessCalendar;

/**
 * The facts in both clocks. `history` is the instance's events the facts were observed from (every
 * fact with a duration comes with it); `registry` the tenant's calendars (none: the fallback week).
 */
export function factsInClocks(
  facts: NewFacts,
  history: readonly instance.InstanceEvent[] | undefined,
  registry: calendar.CalendarRegistry | undefined,
): FactsInClocks {
  const hasDurations = facts.handoffs.length > 0 || facts.steps.length > 0 || facts.ended !== undefined;
  const business: NewFacts = {
    handoffs: [],
    steps: [],
    ...(facts.started ? { started: facts.started } : {}),
  };
  if (!hasDurations) return { calendar: facts, business };
  const known = registry ?? calendar.emptyCalendarRegistry;
  const activations = activationsOf(history ?? []);
  const ownersCalendar = (activationId: string, at: number): Calendar =>
    calendar.calendarFor(known, calendar.calendarOwnerOf(activations.get(activationId)?.data.owner), at)
      .calendar;
  const handoffs = facts.handoffs.map((h) => {
    const cal = ownersCalendar(h.toActivationId, h.completedAt);
    const dueAt = slaDueAt(h, cal, sourceOf(h, activations)?.slaBusiness === true);
    const inBusinessTime = handoffInBusinessTime(h, cal, dueAt);
    // Each clock's row keeps the other clock's total too: the wait attribution reads one clock.
    return {
      calendar: { ...{}, ...judged(h, dueAt), otherClockMs: inBusinessTime.totalMs },
      business: { ...{}, ...inBusinessTime, otherClockMs: h.totalMs },
    };
  });
  const tenantDefault = (at: number) => calendar.calendarFor(known, {}, at).calendar;
  return {
    calendar: { ...{}, ...facts, handoffs: handoffs.map((h) => h.calendar) },
    business: {
      ...{},
      ...business,
      handoffs: handoffs.map((h) => h.business),
      steps: facts.steps.map((s) => stepInBusinessTime(s, ownersCalendar(s.activationId, s.activatedAt))),
      ...(facts.ended
        ? { ended: caseInBusinessTime(facts.ended, tenantDefault(facts.ended.startedAt)) }
        : {}),
    },
  };
}

/**
 * A handoff with its total in the other clock (working time beside a calendar-time observation,
 * elapsed time beside a business-time one), summed into its rows as `otherClockMs`.
 */
export type HandoffInClocks = HandoffObservation & { readonly otherClockMs?: number };

/** The other clock's total of a handoff (0 when the statistics keep calendar time only). */
export const otherClockMsOf = (h: HandoffObservation): number => (h as HandoffInClocks).otherClockMs ?? 0;

/**
 * When a traversal's SLA fell due, where execution puts it: A's completion plus the SLA in
 * calendar time, or (a business SLA) plus that much of the receiving owner's working time.
 */
export function slaDueAt(h: HandoffObservation, cal: Calendar, business: boolean): number | undefined {
  if (h.slaMs === undefined) return undefined;
  return business ? calendar.addBusinessTime(cal, h.completedAt, h.slaMs) : h.completedAt + h.slaMs;
}

/**
 * The calendar-time observation with its SLA judged against the due instant: breached when B
 * started after it (execution's rule, so it agrees with HandoffBreached), and the SLA's span in
 * this clock (due − A completed), so an overrun (total − SLA) is how late B started.
 */
function judged(h: HandoffObservation, dueAt: number | undefined): HandoffObservation {
  if (dueAt === undefined || dueAt - h.completedAt === h.slaMs) return h;
  return { ...{}, ...h, slaMs: dueAt - h.completedAt, slaBreached: h.startedAt > dueAt };
}

/** A handoff's parts in working time; its SLA's span in working time, breached as in calendar time. */
export function handoffInBusinessTime(
  h: HandoffObservation,
  cal: Calendar,
  dueAt: number | undefined,
): HandoffObservation {
  const assignedAt = h.assignedAt ?? h.activatedAt;
  const routingMs = calendar.businessDuration(cal, h.completedAt, h.activatedAt);
  const assignmentMs = calendar.businessDuration(cal, h.activatedAt, assignedAt);
  const pickupMs = calendar.businessDuration(cal, assignedAt, h.startedAt);
  return {
    ...{},
    ...h,
    routingMs,
    assignmentMs,
    pickupMs,
    totalMs: routingMs + assignmentMs + pickupMs,
    ...(dueAt !== undefined
      ? {
          slaMs: calendar.businessDuration(cal, h.completedAt, dueAt),
          slaBreached: h.startedAt > dueAt,
        }
      : {}),
  };
}

/** A step activation's waiting, work and lateness in working time. */
export function stepInBusinessTime(s: StepObservation, cal: Calendar): StepObservation {
  const assignedAt = s.activatedAt + s.assignmentMs;
  const assignmentMs = calendar.businessDuration(cal, s.activatedAt, assignedAt);
  const assignedPickupMs = calendar.businessDuration(cal, assignedAt, s.startedAt);
  const workMs = calendar.businessDuration(cal, s.startedAt, s.endedAt);
  return {
    ...{},
    ...s,
    assignmentMs,
    assignedPickupMs,
    pickupMs: assignmentMs + assignedPickupMs,
    workMs,
    elapsedMs: assignmentMs + assignedPickupMs + workMs,
    lateMs: s.lateMs > 0 && s.dueAt !== undefined ? calendar.businessDuration(cal, s.dueAt, s.endedAt) : 0,
  };
}

/** A case's duration in working time. */
export function caseInBusinessTime(c: CaseObservation, cal: Calendar): CaseObservation {
  if (c.endedAt === undefined || c.durationMs === undefined) return c;
  return { ...{}, ...c, durationMs: calendar.businessDuration(cal, c.startedAt, c.endedAt) };
}

function activationsOf(events: readonly instance.InstanceEvent[]): Map<string, instance.StepActivated> {
  const activations = new Map<string, instance.StepActivated>();
  for (const event of events)
    if (event.type === 'StepActivated') activations.set(event.data.activationId, event);
  return activations;
}

/** The source of B's activation this observation measures (the one its SLA was recorded on). */
function sourceOf(
  h: HandoffObservation,
  activations: ReadonlyMap<string, instance.StepActivated>,
): instance.HandoffSource | undefined {
  return activations
    .get(h.toActivationId)
    ?.data.handedOffFrom.find(
      (source) =>
        source.handoffId === h.handoffId &&
        source.fromStepId === h.fromStepId &&
        source.fromActivationId === h.fromActivationId,
    );
}
