// Set status flag bits (bi_flags), docs/instant-image.md §2.1. The values are II's, so status data
// reads the same in the engine, the agent protocol and the console.

export const DSW_GOLDEN = 0x0000001;
export const DSW_COPYINGP = 0x0000100;
export const DSW_COPYINGM = 0x0000200;
export const DSW_COPYINGS = 0x0000400;
export const DSW_COPYING = 0x0000600;
export const DSW_COPY_FLAGS = 0x0000700;
export const DSW_COPYINGX = 0x0000800;
export const DSW_BMPOFFLINE = 0x0001000;
export const DSW_SHDOFFLINE = 0x0002000;
export const DSW_MSTOFFLINE = 0x0004000;
export const DSW_OVROFFLINE = 0x0008000;
export const DSW_OFFLINE = 0x000f000;
export const DSW_TREEMAP = 0x0010000;
export const DSW_OVERFLOW = 0x0020000;
export const DSW_SHDEXPORT = 0x0040000;
export const DSW_SHDIMPORT = 0x0080000;
export const DSW_VOVERFLOW = 0x0100000;
export const DSW_HANGING = 0x0200000;
export const DSW_CFGOFFLINE = 0x0400000;
export const DSW_OVRHDRDRTY = 0x0800000;
export const DSW_RESIZED = 0x1000000;
export const DSW_FRECLAIM = 0x2000000;

/** Suffixes of the `iiadm -i` state line, in II's fixed order (§4.1, the state line). */
export function stateLine(flags: number): string {
  const parts = [flags & DSW_GOLDEN ? "Independent copy" : "Dependent copy"];
  if (flags & DSW_TREEMAP) parts.push("compacted shadow space");
  if (flags & DSW_COPYINGP) parts.push("copy in progress");
  else if (flags & DSW_COPYING) parts.push("copy not active");
  if (flags & DSW_COPYINGM) parts.push("copying master to shadow");
  if (flags & DSW_COPYINGS) parts.push("copying shadow to master");
  if (flags & DSW_COPYINGX) parts.push("abort of copy requested");
  if (flags & DSW_MSTOFFLINE) parts.push("master volume offline");
  if (flags & DSW_SHDOFFLINE) parts.push("shadow volume offline");
  if (flags & DSW_BMPOFFLINE) parts.push("bitmap volume offline");
  if (flags & DSW_OVROFFLINE) parts.push("overflow volume offline");
  if (flags & DSW_SHDEXPORT) parts.push("shadow volume exported");
  if (flags & DSW_SHDIMPORT) parts.push("shadow volume imported");
  if (flags & DSW_OVERFLOW) parts.push("out of space");
  if (flags & DSW_VOVERFLOW) parts.push("spilled into overflow volume");
  return parts.join(", ");
}
