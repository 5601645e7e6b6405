/** The statistics projection without business time, measured beside the one with it (live part). */
export const CALENDAR_TIME_ONLY = 'statistics-calendar-time-only';
