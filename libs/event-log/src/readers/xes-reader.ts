import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { CaseBuilder, type FinishedCase } from '../domain/case-builder';
import { parseTimestamp } from '../domain/timestamps';
import { EventLogError } from '../errors';
import { XES_KEYS, type ReadOptions } from './log-fields';

/**
 * Streams an XES document (text chunks) through a SAX parser and hands over each case when its
 * `</trace>` is read: memory holds one trace at a time, whatever the file's size. The case id is
 * the trace's `concept:name`; event fields are the event's direct attributes with the standard
 * keys (or the ones in `options.fields`); nested attributes and `<global>` defaults are ignored.
 */
export async function readXes(
  text: AsyncIterable<string>,
  onCase: (finished: FinishedCase) => void,
  options: ReadOptions = {},
): Promise<void> {
  const keys = {
    case: options.fields?.case ?? XES_KEYS.case,
    activity: options.fields?.activity ?? XES_KEYS.activity,
    timestamp: options.fields?.timestamp ?? XES_KEYS.timestamp,
    lifecycle: options.fields?.lifecycle ?? XES_KEYS.lifecycle,
    resource: options.fields?.resource ?? XES_KEYS.resource,
    team: options.fields?.team ?? XES_KEYS.team,
  };
  const offset = options.defaultOffsetMinutes ?? 0;
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  let depth = 0;
  let traceDepth = -1;
  let eventDepth = -1;
  let position = 0;
  let current: CaseBuilder | undefined;
  let activity: string | undefined;
  let timestamp: string | undefined;
  let lifecycle: string | undefined;
  let resource: string | undefined;
  let team: string | undefined;

  const invalid = (what: string) =>
    new EventLogError(
      'EVENT_LOG.INVALID',
      `XES event ${position + 1} (trace ${current?.caseId || '?'}): ${what}`,
    );

  parser.on('opentag', (tag: SaxesTagPlain) => {
    depth++;
    if (eventDepth >= 0) {
      if (depth !== eventDepth + 1) return;
      const key = tag.attributes['key'];
      if (key === undefined) return;
      const value = tag.attributes['value'];
      if (key === keys.activity) activity = value;
      else if (key === keys.timestamp) timestamp = value;
      else if (key === keys.lifecycle) lifecycle = value;
      else if (key === keys.resource) resource = value;
      else if (key === keys.team) team = value;
    } else if (tag.name === 'event') {
      if (current === undefined) throw invalid('an event outside any trace');
      eventDepth = depth;
      activity = timestamp = lifecycle = resource = team = undefined;
    } else if (tag.name === 'trace') {
      traceDepth = depth;
      current = new CaseBuilder('');
    } else if (current !== undefined && depth === traceDepth + 1 && tag.attributes['key'] === keys.case) {
      current.caseId = tag.attributes['value'] ?? '';
    }
  });

  parser.on('closetag', () => {
    if (depth === eventDepth && current !== undefined) {
      eventDepth = -1;
      if (activity === undefined) throw invalid(`no ${keys.activity} attribute`);
      if (timestamp === undefined) throw invalid(`no ${keys.timestamp} attribute`);
      const timeMs = parseTimestamp(timestamp, offset);
      if (Number.isNaN(timeMs))
        throw invalid(`${keys.timestamp} "${timestamp}" is not an ISO 8601 date-time`);
      current.add({ activity, timeMs, lifecycle, resource, team, position });
      position++;
    } else if (depth === traceDepth && current !== undefined) {
      traceDepth = -1;
      onCase(current.finish());
      current = undefined;
    }
    depth--;
  });

  const parse = (chunk: string | null) => {
    try {
      if (chunk === null) parser.close();
      else parser.write(chunk);
    } catch (error) {
      if (error instanceof EventLogError) throw error;
      const where = `near XES event ${position + 1}`;
      throw new EventLogError(
        'EVENT_LOG.INVALID',
        `not well-formed XML ${where}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  };
  for await (const chunk of text) parse(chunk);
  parse(null);
  if (eventDepth >= 0 || traceDepth >= 0) throw invalid('the file ends inside a trace');
}
