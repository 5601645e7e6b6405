/** Instance data: JSON values only (it travels as JSON in the store and as Struct on the wire). */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };
export type DataRecord = { readonly [field: string]: JsonValue };

/** Epoch milliseconds, UTC. The domain never reads a clock: times come in with commands. */
export type Millis = number;
