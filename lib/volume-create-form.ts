// The create-volume form (vxassist make, docs/instant-image.md §8.1, §3.3) as plain data: what the
// operator typed → the volume.create job args, or the errors to show beside each field as they
// type. A bitmap volume is sized by lib/bitmap-size for a chosen master size, the way the agent
// sizes it, so the form shows the exact size before anything is created.
import { type BitmapKind, minBitmapBytes } from "./bitmap-size";
import { parseByteSize, SizeParseError } from "./byte-size";
import { newNameProblem } from "./disk-group-blockers";

export const SIZE_UNITS = ["KiB", "MiB", "GiB", "TiB"] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number];

export interface VolumeCreateFormValues {
  name: string;
  kind: "data" | "bitmap";
  /** Data volume size, or the master size a bitmap volume is for. */
  amount: string;
  unit: SizeUnit;
  preallocate: boolean;
  /** For a bitmap volume: the kind of set it is for (compact dependent sets need room for the index). */
  bitmapKind: BitmapKind;
}

export interface VolumeCreateArgs {
  diskGroup: string;
  name: string;
  sizeBytes: number;
  preallocate: boolean;
  bitmapForMasterBytes: number | null;
  bitmapKind: BitmapKind;
}

export type VolumeCreateFormResult =
  | { ok: true; args: VolumeCreateArgs }
  | { ok: false; errors: Partial<Record<"name" | "amount", string>> };

function amountProblem(values: VolumeCreateFormValues): { bytes: number } | { error: string } {
  const what = values.kind === "bitmap" ? "master size" : "size";
  if (!values.amount.trim()) return { error: `${what} is required` };
  try {
    const bytes = parseByteSize(`${values.amount.trim()}${values.unit}`);
    return bytes > 0 ? { bytes } : { error: `${what} must be more than 0` };
  } catch (err) {
    if (err instanceof SizeParseError)
      return { error: `${what}: '${values.amount}' is not a number of ${values.unit}` };
    throw err;
  }
}

export function readVolumeCreateForm(
  diskGroup: string,
  values: VolumeCreateFormValues,
  existingNames: readonly string[],
): VolumeCreateFormResult {
  const errors: Partial<Record<"name" | "amount", string>> = {};
  const nameProblem = newNameProblem("volume", values.name, existingNames);
  if (nameProblem) errors.name = nameProblem;
  const amount = amountProblem(values);
  if ("error" in amount) errors.amount = amount.error;
  if (errors.name || errors.amount || "error" in amount) return { ok: false, errors };
  const isBitmap = values.kind === "bitmap";
  return {
    ok: true,
    args: {
      diskGroup,
      name: values.name,
      preallocate: values.preallocate,
      sizeBytes: isBitmap ? minBitmapBytes(amount.bytes, values.bitmapKind) : amount.bytes,
      bitmapForMasterBytes: isBitmap ? amount.bytes : null,
      bitmapKind: isBitmap ? values.bitmapKind : "independent",
    },
  };
}
