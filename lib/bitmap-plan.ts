// The bitmap-size planner's arithmetic (docs/instant-image.md §3.3): per master, the bitmap volume an
// independent set needs and the one a compact dependent set needs; the totals; and the shadow
// capacity — full-size shadows for independent sets, and for compact dependent sets only the
// chunks expected to change (the shadow then holds one 32 KiB chunk per changed master chunk and
// goes "out of space" when it fills, §2.1 DSW_OVERFLOW). Pure: the page and its tests share it.
import { CHUNK_BYTES, chunkCount, bytesToFbas, minBitmapBytes } from "./bitmap-size";
import { parseByteSize, SizeParseError } from "./byte-size";
import { jobArgsSchemas } from "./job-types";

export interface PlanInput {
  /** A stable key for the row (the volume reference or the typed text). */
  key: string;
  /** What the row is called: "production/vol01" or "100G". */
  label: string;
  /** The master's name, from which the bitmap volume's name is derived. */
  masterName: string;
  masterBytes: number;
}

export interface PlanRow extends PlanInput {
  independentBytes: number;
  compactDependentBytes: number;
  /** Shadow space a compact dependent set needs for the expected changed chunks. */
  compactShadowBytes: number;
}

export interface BitmapPlan {
  rows: PlanRow[];
  totals: { masterBytes: number; independentBytes: number; compactDependentBytes: number; compactShadowBytes: number };
}

/** Shadow bytes of a compact dependent set when `changePercent` of the master's chunks change. */
export function compactShadowBytes(masterBytes: number, changePercent: number): number {
  const changed = Math.ceil((chunkCount(bytesToFbas(masterBytes)) * Math.min(Math.max(changePercent, 0), 100)) / 100);
  return changed * CHUNK_BYTES;
}

export function planBitmaps(inputs: readonly PlanInput[], changePercent: number): BitmapPlan {
  const rows = inputs.map((input) => ({
    ...input,
    independentBytes: minBitmapBytes(input.masterBytes, "independent"),
    compactDependentBytes: minBitmapBytes(input.masterBytes, "compact-dependent"),
    compactShadowBytes: compactShadowBytes(input.masterBytes, changePercent),
  }));
  const sum = (pick: (row: PlanRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return {
    rows,
    totals: {
      masterBytes: sum((r) => r.masterBytes),
      independentBytes: sum((r) => r.independentBytes),
      compactDependentBytes: sum((r) => r.compactDependentBytes),
      compactShadowBytes: sum((r) => r.compactShadowBytes),
    },
  };
}

export interface TypedSizes {
  sizes: PlanInput[];
  /** Entries that are not sizes, each with the reason. */
  invalid: { text: string; message: string }[];
}

/** "100G, 2T 64M" → one plan input per size; commas, semicolons and whitespace separate them. */
export function parseTypedSizes(text: string): TypedSizes {
  const result: TypedSizes = { sizes: [], invalid: [] };
  const seen = new Map<string, number>();
  for (const entry of text.split(/[\s,;]+/).filter(Boolean)) {
    try {
      const bytes = parseByteSize(entry);
      if (bytes <= 0) throw new SizeParseError(`'${entry}' is not a positive size`);
      // The same size typed twice is two masters: the second one's name gets "-2".
      const count = (seen.get(entry) ?? 0) + 1;
      seen.set(entry, count);
      const masterName = count === 1 ? entry : `${entry}-${count}`;
      result.sizes.push({ key: `size:${masterName}`, label: entry, masterName, masterBytes: bytes });
    } catch (error) {
      result.invalid.push({ text: entry, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

/** "vol01" → "vol01.bmp": the naming the demo SAN and the docs use for a master's bitmap. */
export function bitmapVolumeName(masterName: string): string {
  return `${masterName}.bmp`;
}

/** Why `name` cannot be a new volume of a disk group, or null when it can. */
export function bitmapNameProblem(name: string, existing: readonly string[], others: readonly string[]): string | null {
  const parsed = jobArgsSchemas["volume.create"].shape.name.safeParse(name);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? "not a valid volume name";
  if (existing.includes(name)) return `${name} already exists in this disk group`;
  if (others.filter((other) => other === name).length > 1) return `${name} is planned twice`;
  return null;
}
