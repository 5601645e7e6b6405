import { readFileSync } from 'node:fs';
import { UsageError } from './io';

/**
 * Reads a JSON object option: inline JSON (`'{"a":1}'`) or `@path` to a JSON file. `what` names
 * the option in error messages.
 */
export function jsonObjectOption(raw: string | undefined, what: string): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined;
  let text = raw;
  if (raw.startsWith('@')) {
    try {
      text = readFileSync(raw.slice(1), 'utf8');
    } catch (error) {
      throw new UsageError(`${what}: cannot read ${raw.slice(1)}: ${(error as Error).message}`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${what} must be a JSON object, e.g. '{"orderId":"o-1"}'`);
  }
  return value as Record<string, unknown>;
}

/** A positive integer option, e.g. `--instances 20`. */
export function positiveInt(raw: string, what: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`${what} must be a positive integer, got "${raw}"`);
  return value;
}

/** A non-negative integer option, e.g. `--expected-version 0`. */
export function nonNegativeInt(raw: string, what: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new UsageError(`${what} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

/** A positive number of seconds, e.g. `--duration 30` or `1.5`. */
export function positiveSeconds(raw: string, what: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError(`${what} must be a positive number of seconds`);
  return value;
}
