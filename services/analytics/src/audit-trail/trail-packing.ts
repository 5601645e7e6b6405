import { deflateRawSync, inflateRawSync } from 'node:zlib';

// A quiet trail's envelopes deflated together: one instance's events repeat its stream id,
// instance id, trace and type URLs, so a whole trail shrinks to about a third (an envelope
// alone hardly shrinks). Frames are each envelope's length as a varint, then its bytes.

const varint = (n: number): string => {
  let out = '';
  for (; n >= 0x80; n = Math.floor(n / 0x80)) out += String.fromCharCode((n % 0x80) | 0x80);
  return out + String.fromCharCode(n);
};

/** Envelopes (latin1 strings) as one deflated latin1 string. */
export function pack(envelopes: readonly string[]): string {
  const frames = envelopes.map((envelope) => varint(envelope.length) + envelope).join('');
  return deflateRawSync(Buffer.from(frames, 'latin1')).toString('latin1');
}

/** The envelopes {@link pack} was given, in order. */
export function unpack(packed: string): string[] {
  const bytes = inflateRawSync(Buffer.from(packed, 'latin1'));
  const envelopes: string[] = [];
  for (let at = 0; at < bytes.length;) {
    let length = 0;
    for (let shift = 1; ; shift *= 0x80) {
      const byte = bytes[at++] as number;
      length += (byte & 0x7f) * shift;
      if (byte < 0x80) break;
    }
    envelopes.push(bytes.toString('latin1', at, at + length));
    at += length;
  }
  return envelopes;
}
