import type { DataField, DataFieldType, Handoff } from '../../definition/model';
import type { DataRecord, JsonValue } from '../../shared/data';
import type { FieldViolation } from '../../shared/errors';
import { invalid, InstanceErrorCode as C } from '../errors';
import { parseInstant } from './instants';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isOfType(type: DataFieldType, value: JsonValue): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && DATE.test(value) && parseInstant(value) !== undefined;
    case 'timestamp':
      return parseInstant(value) !== undefined;
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'list':
      return Array.isArray(value);
  }
}

const TYPE_HINT: Readonly<Record<DataFieldType, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  date: 'a date (YYYY-MM-DD)',
  timestamp: 'a timestamp (ISO 8601 with a zone, or epoch milliseconds)',
  object: 'an object',
  list: 'a list',
};

/**
 * Checks fields against data. `required` fields must be present (null counts as missing); every
 * present field must have its declared type. `purpose` explains the requirement in the message.
 */
export function fieldViolations(
  fields: readonly DataField[],
  data: DataRecord,
  purpose: string,
  required = true,
): FieldViolation[] {
  const violations: FieldViolation[] = [];
  for (const field of fields) {
    const value = data[field.name];
    const path = `data.${field.name}`;
    if (value === undefined || value === null) {
      if (required) violations.push({ field: path, description: `missing; ${purpose}`, reason: 'REQUIRED' });
    } else if (!isOfType(field.type, value)) {
      violations.push({
        field: path,
        // A sensitive value is not quoted: the message can reach logs and dead letters.
        description: `must be ${TYPE_HINT[field.type]}, got ${field.sensitive ? 'another type' : JSON.stringify(value)}; ${purpose}`,
        reason: 'TYPE_MISMATCH',
      });
    }
  }
  return violations;
}

/**
 * Refuses a transfer whose data breaks the contract of a handoff it would fire: nothing moves on
 * with missing or mistyped data, and the message names every field and why.
 */
export function requireHandoffContracts(handoffs: readonly Handoff[], data: DataRecord): void {
  const violations = handoffs.flatMap((handoff) =>
    fieldViolations(
      handoff.data ?? [],
      data,
      `required by handoff ${handoff.id} (${handoff.from.join(', ')} → ${handoff.to.join(', ')})`,
    ),
  );
  if (violations.length > 0) {
    throw invalid(C.dataContractViolated, 'The handoff is refused: its data contract is not met', violations);
  }
}
