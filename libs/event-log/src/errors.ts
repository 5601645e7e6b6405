/** Why a log could not be read; `code` is stable, the message names the place in the file. */
export type EventLogErrorCode =
  /** The file is not a readable XES or CSV log (syntax, a missing or bad value). */
  | 'EVENT_LOG.INVALID'
  /** A configured or required CSV column is not in the header. */
  | 'EVENT_LOG.COLUMN_NOT_FOUND'
  /** The options contradict the file, e.g. contiguous cases that are not. */
  | 'EVENT_LOG.BAD_OPTIONS';

export class EventLogError extends Error {
  override readonly name = 'EventLogError';

  constructor(
    readonly code: EventLogErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}
