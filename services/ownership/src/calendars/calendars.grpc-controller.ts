import { Inject, Injectable } from '@nestjs/common';
import { ownershipV1 } from '@baton/contracts';
import { calendar, NotFoundError } from '@baton/domain';
import { RequestCheck, type CallContext } from '@baton/grpc-server';
import { CLOCK, type Clock } from '@baton/service-kit';
import { calendarMessage, rulesOf } from './calendar.mapper';
import { CalendarRepository, type CalendarsView } from './calendar.repository';

/** The calendar RPCs of OwnershipService: request → checks → command or read → response. */
@Injectable()
export class CalendarsGrpcController {
  constructor(
    @Inject(CalendarRepository) private readonly calendars: CalendarRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async defineCalendar(
    r: ownershipV1.DefineCalendarRequest,
    ctx: CallContext,
  ): Promise<ownershipV1.DefineCalendarResponse> {
    const { calendarId, name, rules } = this.read(r.calendar, 'DefineCalendarRequest');
    const view = await this.calendars.execute(
      { type: 'DefineCalendar', data: { calendarId, name, rules } },
      ctx,
      r.idempotencyKey || undefined,
    );
    return { calendar: this.latest(view, calendarId) };
  }

  async updateCalendar(
    r: ownershipV1.UpdateCalendarRequest,
    ctx: CallContext,
  ): Promise<ownershipV1.UpdateCalendarResponse> {
    const { calendarId, name, rules } = this.read(r.calendar, 'UpdateCalendarRequest');
    const expectedVersion = r.expectedVersion === undefined ? undefined : Number(r.expectedVersion);
    const data = { calendarId, name, rules, ...(expectedVersion !== undefined ? { expectedVersion } : {}) };
    const view = await this.calendars.execute(
      { type: 'UpdateCalendar', data },
      ctx,
      r.idempotencyKey || undefined,
    );
    return { calendar: this.latest(view, calendarId) };
  }

  async getCalendar(
    r: ownershipV1.GetCalendarRequest,
    ctx: CallContext,
  ): Promise<ownershipV1.GetCalendarResponse> {
    new RequestCheck().nonEmpty(r.calendarId, 'calendar_id').done('GetCalendarRequest');
    const view = await this.calendars.current(ctx.tenantId);
    if (r.at === undefined) return { calendar: this.latest(view, r.calendarId) };
    const version = calendar.calendarVersionAt(view.registry, r.calendarId, r.at.getTime());
    if (!version) throw notFound(r.calendarId);
    return { calendar: calendarMessage(view.registry, version, this.clock.now()) };
  }

  async listCalendars(
    _r: ownershipV1.ListCalendarsRequest,
    ctx: CallContext,
  ): Promise<ownershipV1.ListCalendarsResponse> {
    const view = await this.calendars.current(ctx.tenantId);
    const ids = [...view.registry.calendars.keys()].sort();
    return { calendars: ids.map((id) => this.latest(view, id)) };
  }

  async assignCalendar(
    r: ownershipV1.AssignCalendarRequest,
    ctx: CallContext,
  ): Promise<ownershipV1.AssignCalendarResponse> {
    const subjects = [r.teamId !== '', r.personId !== '', r.tenantDefault].filter(Boolean).length;
    new RequestCheck()
      .nonEmpty(r.calendarId, 'calendar_id')
      .require(
        subjects === 1,
        'team_id',
        'give exactly one of team_id, person_id and tenant_default',
        'ONE_OF',
      )
      .done('AssignCalendarRequest');
    const subject: calendar.CalendarSubject = r.teamId
      ? { kind: 'team', teamId: r.teamId }
      : r.personId
        ? { kind: 'person', personId: r.personId }
        : { kind: 'tenant' };
    const view = await this.calendars.execute(
      { type: 'AssignCalendar', data: { calendarId: r.calendarId, subject } },
      ctx,
      r.idempotencyKey || undefined,
    );
    return { calendar: this.latest(view, r.calendarId) };
  }

  private read(message: ownershipV1.Calendar | undefined, what: string) {
    const check = new RequestCheck().require(
      message !== undefined,
      'calendar',
      'calendar is required',
      'REQUIRED',
    );
    const given = message ?? ownershipV1.Calendar.fromPartial({});
    check.nonEmpty(given.calendarId, 'calendar.calendar_id');
    const rules = rulesOf(given, check);
    check.done(what);
    return { calendarId: given.calendarId, name: given.name, rules };
  }

  private latest(view: CalendarsView, calendarId: string): ownershipV1.Calendar {
    const version = view.registry.calendars.get(calendarId)?.at(-1);
    if (!version) throw notFound(calendarId);
    return calendarMessage(view.registry, version, this.clock.now());
  }
}

const notFound = (calendarId: string) =>
  new NotFoundError('CALENDAR.NOT_FOUND', `calendar ${calendarId} is not defined`, {
    resourceType: 'baton.ownership.v1.Calendar',
    resourceName: calendarId,
  });
