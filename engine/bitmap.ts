// In-memory bitmap arithmetic (docs/instant-image.md §3.1): one bit per 32 KiB chunk, chunk c in
// byte c/8, bit c%8, least-significant bit first — the on-disk order, so a bitmap region of a
// bitmap volume is loaded and stored byte for byte.

export class Bitmap {
  readonly bytes: Uint8Array;

  constructor(
    readonly bits: number,
    bytes?: Uint8Array,
  ) {
    const length = Math.ceil(bits / 8);
    if (bytes && bytes.length < length) throw new RangeError(`bitmap needs ${length} bytes, got ${bytes.length}`);
    this.bytes = bytes ? bytes.subarray(0, length) : new Uint8Array(length);
  }

  get(bit: number): boolean {
    return ((this.bytes[bit >> 3]! >> (bit & 7)) & 1) === 1;
  }

  set(bit: number): void {
    this.bytes[bit >> 3]! |= 1 << (bit & 7);
  }

  clear(bit: number): void {
    this.bytes[bit >> 3]! &= ~(1 << (bit & 7)) & 0xff;
  }

  clearRange(first: number, count: number): void {
    for (let bit = first; bit < first + count; bit++) this.clear(bit);
  }

  /** All chunks set; bits past the last chunk stay clear (II clears them too). */
  setAll(): void {
    this.bytes.fill(0xff);
    const tail = this.bits & 7;
    if (tail !== 0) this.bytes[this.bytes.length - 1] = (1 << tail) - 1;
  }

  clearAll(): void {
    this.bytes.fill(0);
  }

  /** this := this OR other (over this bitmap's length). */
  or(other: Bitmap): void {
    const n = Math.min(this.bytes.length, other.bytes.length);
    for (let i = 0; i < n; i++) this.bytes[i]! |= other.bytes[i]!;
    this.clearTail();
  }

  /** this := this OR raw bytes (join merges an importer's S given as raw bytes). */
  orBytes(raw: Uint8Array): void {
    const n = Math.min(this.bytes.length, raw.length);
    for (let i = 0; i < n; i++) this.bytes[i]! |= raw[i]!;
    this.clearTail();
  }

  count(): number {
    let total = 0;
    for (const byte of this.bytes) total += POPCOUNT[byte]!;
    return total;
  }

  /** Number of bits set in this OR other, without allocating. */
  countUnion(other: Bitmap): number {
    let total = 0;
    for (let i = 0; i < this.bytes.length; i++) total += POPCOUNT[this.bytes[i]! | (other.bytes[i] ?? 0)]!;
    return total;
  }

  isEmpty(): boolean {
    return this.bytes.every((b) => b === 0);
  }

  /** Runs of consecutive set bits, each at most `maxRun` long, in ascending order. */
  *runs(maxRun: number, from = 0): Generator<{ first: number; count: number }> {
    let bit = from;
    while (bit < this.bits) {
      const byte = this.bytes[bit >> 3]!;
      if (byte === 0 && (bit & 7) === 0) {
        bit += 8;
        continue;
      }
      if (!this.get(bit)) {
        bit++;
        continue;
      }
      const first = bit;
      while (bit < this.bits && bit - first < maxRun && this.get(bit)) bit++;
      yield { first, count: bit - first };
    }
  }

  /** Clears the bits past the last chunk. */
  clearTail(): void {
    const tail = this.bits & 7;
    if (tail !== 0 && this.bytes.length > 0) this.bytes[this.bytes.length - 1]! &= (1 << tail) - 1;
  }
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, i) => {
  let n = 0;
  for (let v = i; v; v >>= 1) n += v & 1;
  return n;
});
