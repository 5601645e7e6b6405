/**
 * Summary rows' snapshots by their exact stored text. A live batch reads back the rows the last
 * batches wrote (the same day, week, month and all-time rows of the busy edges) and parsing their
 * 2–10 KB of JSON was most of merging them; a row whose text is one this process wrote or read
 * lately is not parsed again. Keyed by the text itself, not the row's key, so a row another
 * process rewrote is never answered from here. Callers must not change what they get.
 */
export class ParsedSnapshots {
  private readonly byText = new Map<string, unknown>();

  constructor(private readonly limit: number) {}

  parse<T>(text: string): T {
    let parsed = this.byText.get(text);
    if (parsed === undefined) this.remember(text, (parsed = JSON.parse(text)));
    return parsed as T;
  }

  /** `value` as JSON text, remembered as what that text parses to: `value` must not change after. */
  stringify(value: object): string {
    const text = JSON.stringify(value);
    this.remember(text, value);
    return text;
  }

  private remember(text: string, value: unknown): void {
    // Dropped all at once when full: the busy rows come back with the next batch.
    if (this.byText.size >= this.limit) this.byText.clear();
    this.byText.set(text, value);
  }
}

/** One per process (the projection's rows are one set whatever the transaction). */
export const parsedSnapshots = new ParsedSnapshots(4_000);
