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

/** Packs a generated message into an `Any`, e.g. `packAny(StepCompleted, data)`. */
export function packAny<T>(type: MessageType<T>, message: T): Any {
  return { typeUrl: typeUrlOf(type.$type), value: Buffer.from(type.encode(message).finish()) };
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
