import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { Any } from './gen/google/protobuf/any';
import { messageTypeRegistry, type MessageType } from './gen/typeRegistry';

/**
 * Prefix of the `type_url` of every `google.protobuf.Any` Baton writes: the protobuf default,
 * so every runtime's `Any` helpers recognise it. Readers look only at the part after the last
 * `/`, as the protobuf spec requires.
 */
export const TYPE_URL_PREFIX = 'type.googleapis.com/';

/** `type.googleapis.com/baton.execution.v1.StepCompleted` for `baton.execution.v1.StepCompleted`. */
export function typeUrlOf(typeName: string): string {
  return TYPE_URL_PREFIX + typeName;
}

/** The fully qualified message name a `type_url` names (whatever its prefix). */
export function typeNameOf(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
}

/**
 * One writer for every packing: `finish()` hands out a copy of what was written and keeps the
 * grown buffer, so a message is not encoded into a fresh writer that doubles its way up from
 * 128 bytes. Encoding is synchronous and never packs an Any itself, so uses cannot overlap.
 */
const anyWriter = new BinaryWriter();

/** Packs a generated message into an `Any`, e.g. `packAny(StepCompleted, data)`. */
export function packAny<T>(type: MessageType<T>, message: T): Any {
  let bytes: Uint8Array;
  try {
    bytes = type.encode(message, anyWriter).finish();
  } catch (error) {
    anyWriter.finish(); // a failed encoding must not leave its bytes for the next one
    throw error;
  }
  // `finish()` returned a fresh copy: the Buffer may share it.
  return {
    typeUrl: typeUrlOf(type.$type),
    value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  };
}

/** Unpacks an `Any` as the given type; throws when it holds another type. */
export function unpackAnyAs<T>(any: Any, type: MessageType<T>): T {
  const name = typeNameOf(any.typeUrl);
  if (name !== type.$type) {
    throw new Error(`Any holds ${name || '(no type)'}, expected ${type.$type}`);
  }
  return type.decode(any.value);
}

/**
 * Unpacks an `Any` by looking its type up in the generated type registry (every message of
 * these contracts is registered once `@baton/contracts` is loaded); throws for unknown types.
 */
export function unpackAny(any: Any): { readonly typeName: string; readonly message: unknown } {
  const typeName = typeNameOf(any.typeUrl);
  const type = messageTypeRegistry.get(typeName);
  if (type === undefined) {
    throw new Error(`Any holds ${typeName || '(no type)'}, which is not a registered message`);
  }
  return { typeName, message: type.decode(any.value) };
}
