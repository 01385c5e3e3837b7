// Parsing and printing volume sizes the way operators type them ("100G", "64MiB", "2048s").
// Units are binary, as in iiadm/vxassist: K = 1024 bytes; `s` = 512-byte sectors.

const UNIT_BYTES: Record<string, number> = {
  "": 1,
  b: 1,
  s: 512,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
  p: 1024 ** 5,
  pb: 1024 ** 5,
  pib: 1024 ** 5,
};

export class SizeParseError extends Error {}

/** Parses "100G" → 107374182400. Throws SizeParseError naming the text when it is not a size. */
export function parseByteSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const factor = match ? UNIT_BYTES[match[2]!.toLowerCase()] : undefined;
  if (!match || factor === undefined) {
    throw new SizeParseError(`'${text}' is not a size (examples: 4096, 64M, 100G, 1.5T, 2048s)`);
  }
  const bytes = Number(match[1]) * factor;
  if (!Number.isSafeInteger(Math.round(bytes))) throw new SizeParseError(`'${text}' is too large`);
  if (!Number.isInteger(bytes)) throw new SizeParseError(`'${text}' is not a whole number of bytes`);
  return bytes;
}

const UNITS = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"] as const;

/** 843776 → "824 KiB"; keeps up to two decimals and drops trailing zeros. */
export function formatByteSize(bytes: number): string {
  if (bytes === 1) return "1 byte";
  let unit = 0;
  // Move up a unit when the rounded figure would read 1024 (1048575 bytes is "1 MiB").
  while (unit < UNITS.length - 1 && Math.round((bytes / 1024 ** unit) * 100) / 100 >= 1024) unit += 1;
  const rounded = Math.round((bytes / 1024 ** unit) * 100) / 100;
  return `${rounded} ${UNITS[unit]}`;
}
