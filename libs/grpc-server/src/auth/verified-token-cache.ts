/**
 * Tokens verified before, by their exact string, until they expire: a client that reuses one
 * token pays one signature check, not one per call. Bounded; the least recently used goes first.
 */
export class VerifiedTokenCache<V extends { readonly expiresAtMs: number }> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(token: string, nowMs: number): V | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    this.entries.delete(token);
    if (entry.expiresAtMs <= nowMs) return undefined;
    this.entries.set(token, entry);
    return entry;
  }

  set(token: string, entry: V): void {
    if (this.capacity === 0) return;
    this.entries.delete(token);
    this.entries.set(token, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
