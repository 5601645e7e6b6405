import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';

const PROTO_ROOT = join(__dirname, '../../../../../proto');

/** Every `.proto` of Baton's API, resolved (the generated code has no reflection to walk). */
export function loadBatonProtos(): protobuf.Root {
  const files = readdirSync(join(PROTO_ROOT, 'baton'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.proto'))
    .map((f) => join('baton', f));
  // The fuzz sends payloads nested deeper than protobufjs encodes by default (100 levels).
  protobuf.util.recursionLimit = 10_000;
  const root = new protobuf.Root();
  // google/protobuf/* come with protobufjs; Baton's imports resolve under proto/.
  root.resolvePath = (_origin, target) =>
    target.startsWith('google/protobuf/') ? target : join(PROTO_ROOT, target);
  root.loadSync(files, { keepCase: false });
  root.resolveAll();
  return root;
}

/**
 * Strings a request may carry: the ids the server knows (read from `pool` when a value is drawn,
 * so it grows as the run learns ids) and the ones that break naive code.
 */
export function stringArbitrary(pool: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.nat().map((i) => pool[i % Math.max(pool.length, 1)] ?? '') },
    { weight: 2, arbitrary: fc.string({ maxLength: 24 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        '\u0000',
        '../../etc/passwd',
        "' OR 1=1 --",
        '${jndi:x}',
        '💥'.repeat(40),
        'x'.repeat(5_000),
        // One byte over the default field limit (BATON_MAX_FIELD_BYTES): TOO_LARGE, naming the field.
        'y'.repeat(64 * 1024 + 1),
        'P1D',
        '-P1D',
        '2026-02-30T25:61:00Z',
        '{"a":',
        'a'.repeat(300),
      ),
    },
  );
}

const INT32 = fc.oneof(fc.integer({ min: -3, max: 1_005 }), fc.integer());
const UINT32 = fc.oneof(fc.integer({ min: 0, max: 1_005 }), fc.nat({ max: 0xffff_ffff }));
const INT64 = fc.oneof(
  fc.integer({ min: -3, max: 1_005 }),
  fc.maxSafeInteger(),
  fc.constantFrom('9223372036854775807', '-9223372036854775808'),
);

function scalarArbitrary(type: string, pool: readonly string[]): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringArbitrary(pool);
    case 'bool':
      return fc.boolean();
    case 'bytes':
      return fc.uint8Array({ maxLength: 64 });
    case 'double':
    case 'float':
      return fc.double();
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return INT32;
    case 'uint32':
    case 'fixed32':
      return UINT32;
    default:
      return INT64;
  }
}

/** A JSON value nested `depth` levels deep (limits on payload nesting). */
const deepStruct = (depth: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { fields: { leaf: { stringValue: 'x' } } };
  for (let i = 0; i < depth; i++) value = { fields: { n: { structValue: value } } };
  return value;
};

/**
 * Any message of `type` as a protobufjs plain object: every field present or not, scalars over
 * their whole range, unknown enum numbers, several members of one oneof, nesting to `depth`;
 * a google.protobuf.Struct is sometimes nested far deeper than any document needs.
 */
export function messageArbitrary(
  type: protobuf.Type,
  pool: readonly string[],
  depth = 3,
): fc.Arbitrary<Record<string, unknown>> {
  if (type.fullName === '.google.protobuf.Struct' && depth <= 2) {
    return fc.oneof(
      { weight: 6, arbitrary: structLike(type, pool, depth) },
      { weight: 1, arbitrary: fc.integer({ min: 20, max: 1_000 }).map(deepStruct) },
    );
  }
  return structLike(type, pool, depth);
}

function structLike(
  type: protobuf.Type,
  pool: readonly string[],
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of type.fieldsArray) {
    const value = fieldValueArbitrary(field, pool, depth);
    if (!value) continue;
    if (field instanceof protobuf.MapField) {
      fields[field.name] = fc.dictionary(stringArbitrary(pool), value, { maxKeys: 3 });
    } else if (field.repeated) {
      fields[field.name] = fc.array(value, { maxLength: depth > 1 ? 4 : 2 });
    } else {
      fields[field.name] = value;
    }
  }
  return fc.record(fields, { requiredKeys: [] });
}

function fieldValueArbitrary(
  field: protobuf.Field,
  pool: readonly string[],
  depth: number,
): fc.Arbitrary<unknown> | undefined {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) {
    return fc.oneof(fc.constantFrom(...Object.values(resolved.values)), fc.integer({ min: -2, max: 40 }));
  }
  if (resolved instanceof protobuf.Type) {
    if (resolved.fullName === '.google.protobuf.Any') return undefined;
    return depth > 0 ? messageArbitrary(resolved, pool, depth - 1) : undefined;
  }
  return scalarArbitrary(field.type, pool);
}

/** Byte-level damage to a valid encoding: flipped, dropped, inserted bytes, a cut tail. */
export function mutatedBytesArbitrary(valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  const edit = fc.record({
    kind: fc.constantFrom('flip', 'drop', 'insert', 'truncate'),
    at: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
  });
  return fc.tuple(valid, fc.array(edit, { minLength: 1, maxLength: 4 })).map(([bytes, edits]) => {
    let out = Array.from(bytes);
    for (const e of edits) {
      const at = out.length ? e.at % out.length : 0;
      if (e.kind === 'flip') out[at] = (out[at] ?? 0) ^ e.byte;
      else if (e.kind === 'drop') out.splice(at, 1);
      else if (e.kind === 'insert') out.splice(at, 0, e.byte);
      else out = out.slice(0, at);
    }
    return Uint8Array.from(out);
  });
}
