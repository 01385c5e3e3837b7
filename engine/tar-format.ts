// POSIX tar (ustar + pax, IEEE 1003.1-2008 "pax" format) headers for the tape archive: what
// tape-archive.ts writes and reads back, so an operator can restore with plain GNU tar. Pure
// encoding and decoding; the records, I/O and hashing live in tape-archive.ts.

export const BLOCK_BYTES = 512;
/** Blocking factor 128: restore with `tar -x -b 128 -f /dev/st0`. */
export const BLOCKING_FACTOR = 128;
export const RECORD_BYTES = BLOCK_BYTES * BLOCKING_FACTOR;
/** Two zero blocks end a tar archive; the record writer pads the last record after them. */
export const END_OF_ARCHIVE: Buffer = Buffer.alloc(2 * BLOCK_BYTES);

// ustar keeps 11 octal digits of size (8 GiB - 1) and 100 bytes of name; beyond either the member
// gets a pax extended header, which every POSIX.1-2001 tar (GNU tar included) applies.
const MAX_USTAR_SIZE = 8 ** 11 - 1;
const NAME_BYTES = 100;
const MODE = 0o640;

export type TarHeader =
  | { kind: "end" }
  /** typeflag "0" is a regular file; "x" a pax extended header that applies to the next member. */
  | { kind: "member"; name: string; size: number; typeflag: string; mtime: number };

/** The header block(s) of one regular-file member: a pax header first when ustar cannot hold it. */
export function memberHeader(member: { name: string; size: number }, mtimeSeconds: number): Buffer {
  const { name, size } = member;
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`tar member ${name}: bad size ${size}`);
  const mtime = Math.floor(mtimeSeconds);
  const nameBytes = Buffer.from(name, "utf8");
  const pax: [string, string][] = [];
  if (nameBytes.length > NAME_BYTES) pax.push(["path", name]);
  if (size > MAX_USTAR_SIZE) pax.push(["size", String(size)]);
  const ustar = ustarBlock(nameBytes.subarray(0, NAME_BYTES), size > MAX_USTAR_SIZE ? 0 : size, mtime, "0");
  if (pax.length === 0) return ustar;
  const records = Buffer.concat(pax.map(([k, v]) => paxRecord(k, v)));
  // GNU tar's own name for these headers: a tar without pax support extracts them as plain files.
  const paxName = Buffer.from(`PaxHeaders/${name.slice(name.lastIndexOf("/") + 1)}`, "utf8").subarray(0, NAME_BYTES);
  return Buffer.concat([
    ustarBlock(paxName, records.length, mtime, "x"),
    records,
    Buffer.alloc(paddingAfter(records.length)),
    ustar,
  ]);
}

/** Zero bytes after a member's data, up to the next 512-byte block. */
export function paddingAfter(size: number): number {
  return (BLOCK_BYTES - (size % BLOCK_BYTES)) % BLOCK_BYTES;
}

/** "LEN key=value\n", LEN counting the whole record, its own digits included. */
export function paxRecord(key: string, value: string): Buffer {
  const body = Buffer.byteLength(` ${key}=${value}\n`, "utf8");
  let len = body + 1;
  while (String(len).length + body !== len) len = String(len).length + body;
  return Buffer.from(`${len} ${key}=${value}\n`, "utf8");
}

export function parsePaxRecords(data: Buffer): Record<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const len = space > at ? Number(data.toString("latin1", at, space)) : NaN;
    if (!Number.isSafeInteger(len) || len <= 0 || at + len > data.length || data[at + len - 1] !== 0x0a) {
      throw new Error(`pax extended header: malformed record at byte ${at}`);
    }
    const text = data.toString("utf8", space + 1, at + len - 1);
    const eq = text.indexOf("=");
    if (eq <= 0) throw new Error(`pax extended header: record at byte ${at} has no key=value`);
    records.set(text.slice(0, eq), text.slice(eq + 1));
    at += len;
  }
  // fromEntries defines own properties, so a "__proto__" key stays data.
  return Object.fromEntries(records);
}

/** Decodes the header block found at byte `at` of the stream (named in errors); all zeros is an end block. */
export function parseHeaderBlock(block: Buffer, at: number): TarHeader {
  if (block.length !== BLOCK_BYTES)
    throw new RangeError(`tar header block must be ${BLOCK_BYTES} bytes, not ${block.length}`);
  if (block.every((b) => b === 0)) return { kind: "end" };
  const stored = parseNumber(block, 148, 8, "checksum", at);
  const computed = checksum(block);
  if (stored !== computed)
    throw new Error(
      `not a tar header at byte ${at}: checksum ${stored} recorded, its bytes sum to ${computed} (damaged, or not a tar archive)`,
    );
  if (block.toString("latin1", 257, 262) !== "ustar")
    throw new Error(`not a tar header at byte ${at}: no POSIX "ustar" magic`);
  const prefix = cString(block, 345, 155);
  const name = cString(block, 0, NAME_BYTES);
  const flag = block[156]!;
  return {
    kind: "member",
    name: prefix ? `${prefix}/${name}` : name,
    size: parseNumber(block, 124, 12, "size", at),
    typeflag: flag === 0 ? "0" : String.fromCharCode(flag),
    mtime: parseNumber(block, 136, 12, "mtime", at),
  };
}

/** Unsigned sum of the block's bytes with the checksum field (148–155) taken as spaces. */
export function checksum(block: Buffer): number {
  let sum = 8 * 0x20;
  for (let i = 0; i < BLOCK_BYTES; i++) if (i < 148 || i >= 156) sum += block[i]!;
  return sum;
}

function ustarBlock(name: Buffer, size: number, mtime: number, typeflag: string): Buffer {
  const block = Buffer.alloc(BLOCK_BYTES);
  name.copy(block, 0);
  octal(block, 100, 8, MODE);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, mtime);
  block.write(typeflag, 156, "latin1");
  block.write("ustar\0" + "00", 257, "latin1");
  block.write("root", 265, "latin1");
  block.write("root", 297, "latin1");
  // POSIX: six octal digits, NUL, space; the sum counts the checksum field as eight spaces.
  block.write(`${checksum(block).toString(8).padStart(6, "0")}\0 `, 148, "latin1");
  return block;
}

function octal(block: Buffer, at: number, width: number, value: number): void {
  block.write(`${value.toString(8).padStart(width - 1, "0")}\0`, at, "latin1");
}

function parseNumber(block: Buffer, at: number, width: number, field: string, offset: number): number {
  // GNU tar writes base-256 (high bit set) where octal does not fit; read that too.
  if (block[at]! & 0x80) {
    let value = block[at]! & 0x7f;
    for (let i = 1; i < width; i++) value = value * 256 + block[at + i]!;
    if (Number.isSafeInteger(value)) return value;
  } else {
    const text = block
      .toString("latin1", at, at + width)
      .replace(/[\0 ]+$/, "")
      .replace(/^ +/, "");
    if (/^[0-7]*$/.test(text)) return text === "" ? 0 : parseInt(text, 8);
  }
  throw new Error(`not a tar header at byte ${offset}: its ${field} field is not a number`);
}

function cString(block: Buffer, at: number, width: number): string {
  const field = block.subarray(at, at + width);
  const nul = field.indexOf(0);
  return field.toString("utf8", 0, nul < 0 ? width : nul);
}
