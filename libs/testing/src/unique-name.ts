import { randomBytes } from 'node:crypto';

let counter = 0;

/**
 * A name no other test file, worker or earlier run will use, for topics, consumer groups,
 * tables, schemas and databases on a shared server: lower case letters, digits and `_` only,
 * starting with a letter and at most 63 characters (PostgreSQL's identifier limit), so it needs
 * no quoting in SQL and is a valid Kafka topic name.
 */
export function uniqueName(prefix: string): string {
  let clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(clean)) clean = `t_${clean}`;
  const worker = process.env['JEST_WORKER_ID'] ?? '0';
  counter += 1;
  const suffix = `${Date.now().toString(36)}_${worker}_${counter}_${randomBytes(3).toString('hex')}`;
  return `${clean.slice(0, 62 - suffix.length)}_${suffix}`;
}
