/** Strings looked up by index, as the sheet reader resolves them: `at(i)` is undefined for a missing one. */
export interface StringTable {
  readonly length: number;
  at(index: number): string | undefined;
}

// Strings per joined chunk: big enough that a chunk's header is nothing, small enough to join fast.
const CHUNK = 1024;

/**
 * Many strings kept joined, CHUNK at a time, with their end offsets in a typed array. A file of
 * 100,000 people holds several hundred thousand strings, and kept one by one each would be a
 * slice of the XML parser's chunk (keeping the whole chunk, tags and all, alive) or a string of its
 * own with its header: ~20 MB more live heap, which V8 then doubles in heap it keeps in reserve.
 */
export class JoinedStrings implements StringTable {
  private readonly chunks: string[] = [];
  private pending: string[] = [];
  private pendingLength = 0;
  /** End offset of string i within its chunk. */
  private ends = new Uint32Array(CHUNK);
  private count = 0;

  get length(): number {
    return this.count;
  }

  at(index: number): string | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    const chunk = Math.floor(index / CHUNK);
    const start = index % CHUNK === 0 ? 0 : (this.ends[index - 1] as number);
    const end = this.ends[index] as number;
    return chunk < this.chunks.length
      ? (this.chunks[chunk] as string).slice(start, end)
      : this.pending[index % CHUNK];
  }

  /** Keeps `text`; returns its index. */
  add(text: string): number {
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.pendingLength += text.length;
    this.ends[this.count] = this.pendingLength;
    this.count += 1;
    this.pending.push(text);
    if (this.pending.length === CHUNK) {
      // join() copies: the parser's chunks the pieces were sliced from can be collected.
      this.chunks.push(this.pending.join(""));
      this.pending = [];
      this.pendingLength = 0;
    }
    return this.count - 1;
  }
}
