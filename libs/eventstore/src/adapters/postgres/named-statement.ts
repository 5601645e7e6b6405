import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';

// PostgreSQL parses and plans an unnamed statement at every call. On the distributed benchmark
// planning cost the server about as much CPU as executing (pg_stat_statements with
// track_planning: 9.1 s of planning beside 10.6 s of execution; ADR 0004). A named statement is
// parsed once per connection and, after five custom plans, runs on a cached generic plan.
//
// The name is a digest of the text, so one text has one name on every connection. node-postgres
// keeps a connection's prepared statements for its lifetime, so only the first MAX_NAMED distinct
// texts of a process get a name, and none with more than MAX_PARAMETERS placeholders: texts built
// with a variable number of them (multi-row VALUES lists) would otherwise prepare without bound.
const MAX_NAMED = 512;
const MAX_PARAMETERS = 32;
const names = new Map<string, string>();

/**
 * The statement as a query config: named (prepared once per connection) while the budget lasts.
 * `rowsInArrays`: its text does not grow with the data (rows passed as arrays), so it is named
 * whatever its number of placeholders.
 */
export function named(text: string, values?: unknown[], rowsInArrays = false): QueryConfig {
  let name = names.get(text);
  if (
    name === undefined &&
    names.size < MAX_NAMED &&
    (rowsInArrays || (values?.length ?? 0) <= MAX_PARAMETERS)
  ) {
    name = `baton_${createHash('sha1').update(text).digest('base64url')}`;
    names.set(text, name);
  }
  return name === undefined ? { text, values } : { name, text, values };
}
