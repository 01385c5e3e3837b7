// The enable form's checks (iiadm -e, docs/instant-image.md §5.1–§5.2), run as the operator types so
// that nothing is sent while the agent would refuse it: three different volumes, none already in
// another set's role, a bitmap big enough for the master (§3.3), and an independent shadow at
// least as large as the master. Warnings do not block: a shadow meant for export should sit in a
// disk group of its own, because deporting a group takes every volume in it to the other host.
// It also says which consistency mode the set would get (lib/set-enable-consistency.ts), and
// refuses what the engine would: a dependent shadow off an instant master's file system.
import type { Inventory } from "./agent-protocol";
import { minBitmapBytes } from "./bitmap-size";
import { formatByteSize } from "./byte-size";
import type { VolumeSharing } from "./consistency-mode";
import { type ConsistencyChoice, type ConsistencyPrediction, predictConsistency } from "./set-enable-consistency";

export interface EnableCandidate {
  /** "dg/vol", the operand the job takes. */
  ref: string;
  diskGroup: string;
  path: string;
  sizeBytes: number;
  role: "data" | "bitmap" | null;
  usedBy: string | null;
  /** The file system under a data volume, as the agent reported it; absent from older agents and for bitmaps. */
  sharing?: VolumeSharing;
}

export interface EnableFormValues {
  type: "ind" | "dep";
  master: string;
  shadow: string;
  bitmap: string;
  group: string;
  /** The operator means to export the shadow to another host (iiadm -E, then deport). */
  forExport: boolean;
  /** "scan" when the operator asks for scan mode; "auto" takes instant where the volumes allow it. */
  consistency: ConsistencyChoice;
}

export type EnableField = "master" | "shadow" | "bitmap" | "group" | "type";

export interface EnableFormCheck {
  errors: Partial<Record<EnableField, string[]>>;
  warnings: string[];
  /** Facts worth knowing that are not problems (a compact dependent shadow). */
  notes: string[];
  /** The consistency mode the set would get; null until master and shadow are chosen. */
  consistency: ConsistencyPrediction | null;
  /** The set.enable arguments, or null while anything is missing or wrong. */
  args: {
    type: "ind" | "dep";
    master: string;
    shadow: string;
    bitmap: string;
    group: string | null;
    consistency: ConsistencyChoice;
  } | null;
}

/** The volumes of the disk groups this host holds: the only ones it can put in a set. */
export function enableCandidates(inventory: Pick<Inventory, "diskGroups">, host: string): EnableCandidate[] {
  return inventory.diskGroups
    .filter((dg) => dg.owner === host && dg.damaged === null)
    .flatMap((dg) =>
      dg.volumes.map((v) => ({
        ref: `${dg.name}/${v.name}`,
        diskGroup: dg.name,
        path: v.path,
        sizeBytes: v.sizeBytes,
        role: v.role,
        usedBy: v.usedBy,
        ...(v.sharing ? { sharing: v.sharing } : {}),
      })),
    );
}

interface SetUse {
  set: string;
  role: string;
}

/** "enabled in set /x as shadow, under sv" → the set roles; other users come back separately. */
export function parseUsedBy(usedBy: string | null): { sets: SetUse[]; others: string[] } {
  const sets: SetUse[] = [];
  const others: string[] = [];
  for (const part of (usedBy ?? "").split(", ").filter(Boolean)) {
    const match = /^enabled in set (.+) as (master|shadow|bitmap|overflow)$/.exec(part);
    if (match) sets.push({ set: match[1]!, role: match[2]! });
    else others.push(part);
  }
  return { sets, others };
}

export function checkEnableForm(values: EnableFormValues, candidates: readonly EnableCandidate[]): EnableFormCheck {
  const errors: Partial<Record<EnableField, string[]>> = {};
  const warnings: string[] = [];
  const notes: string[] = [];
  const fail = (field: EnableField, message: string) => (errors[field] ??= []).push(message);
  const find = (field: "master" | "shadow" | "bitmap") => {
    const ref = values[field];
    if (!ref) return undefined;
    const found = candidates.find((c) => c.ref === ref);
    if (!found) fail(field, `${ref} is not a volume of a disk group this host holds`);
    return found;
  };
  const master = find("master");
  const shadow = find("shadow");
  const bitmap = find("bitmap");

  if (master && shadow && master.path === shadow.path) fail("shadow", "is the same volume as the master");
  if (master && bitmap && master.path === bitmap.path) fail("bitmap", "is the same volume as the master");
  if (shadow && bitmap && shadow.path === bitmap.path) fail("bitmap", "is the same volume as the shadow");

  if (master) {
    // One master may have many shadows (§5.2); being another set's shadow or bitmap is fatal.
    for (const use of parseUsedBy(master.usedBy).sets) {
      if (use.role !== "master") fail("master", `already the ${use.role} of set ${use.set}`);
    }
  }
  if (shadow) {
    const { sets, others } = parseUsedBy(shadow.usedBy);
    for (const use of sets) fail("shadow", `already the ${use.role} of set ${use.set}`);
    // Enable puts the shadow under sv itself; anything else (a mount) makes it busy (§5.1).
    for (const other of others.filter((o) => o !== "under sv")) fail("shadow", `is in use: ${other}`);
  }
  if (bitmap) {
    const { sets, others } = parseUsedBy(bitmap.usedBy);
    for (const use of sets) fail("bitmap", `already the ${use.role} of set ${use.set}`);
    for (const other of others) fail("bitmap", `is in use: ${other}`);
    if (bitmap.role !== "bitmap")
      warnings.push(
        `${bitmap.ref} was not created as a bitmap volume: its contents will be overwritten by the set's bitmaps.`,
      );
  }
  for (const [field, v] of [
    ["master", master],
    ["shadow", shadow],
  ] as const) {
    if (v?.role === "bitmap") warnings.push(`The ${field} ${v.ref} was created as a bitmap volume.`);
  }

  const compact = values.type === "dep" && master && shadow && shadow.sizeBytes < master.sizeBytes;
  if (master && shadow && shadow.sizeBytes < master.sizeBytes) {
    if (values.type === "ind") {
      fail(
        "shadow",
        `is ${formatByteSize(shadow.sizeBytes)}, smaller than the master (${formatByteSize(master.sizeBytes)}): an independent shadow must be at least as large`,
      );
    } else {
      notes.push(
        `The shadow is smaller than the master: a compact dependent set, which fails writes once its ${formatByteSize(shadow.sizeBytes)} are used.`,
      );
    }
  }
  if (master && shadow && shadow.sizeBytes > master.sizeBytes)
    notes.push("The shadow is larger than the master: it is presented at the master's size.");
  if (master && bitmap) {
    const needed = minBitmapBytes(master.sizeBytes, compact ? "compact-dependent" : "independent");
    if (bitmap.sizeBytes < needed) {
      fail(
        "bitmap",
        `is ${formatByteSize(bitmap.sizeBytes)}; a ${compact ? "compact dependent " : ""}set with a ${formatByteSize(master.sizeBytes)} master needs at least ${formatByteSize(needed)}`,
      );
    }
  }

  const consistency = predictConsistency(values.type, master, shadow, values.consistency);
  const refusal = consistency?.decision?.refusal;
  // Shown under the shadow field as "Shadow is on another file system …".
  if (refusal && shadow)
    fail(
      "shadow",
      refusal.startsWith(`dependent shadow ${shadow.path} `)
        ? refusal.slice(`dependent shadow ${shadow.path} `.length)
        : refusal,
    );

  const group = values.group.trim();
  if (group && (/\s/.test(group) || group.startsWith("-"))) fail("group", "may not contain spaces or start with '-'");
  if (group.length > 63) fail("group", "is longer than 63 characters");

  if (values.forExport) {
    if (values.type === "dep")
      fail("type", "only an independent set can be exported (a dependent shadow reads from the master)");
    if (shadow) exportWarnings(shadow, [master, bitmap], candidates, warnings);
  }

  const complete = master && shadow && bitmap;
  const clean = Object.keys(errors).length === 0;
  return {
    errors,
    warnings,
    notes,
    consistency,
    args:
      complete && clean
        ? {
            type: values.type,
            master: master.ref,
            shadow: shadow.ref,
            bitmap: bitmap.ref,
            group: group || null,
            consistency: values.consistency,
          }
        : null,
  };
}

function exportWarnings(
  shadow: EnableCandidate,
  others: (EnableCandidate | undefined)[],
  candidates: readonly EnableCandidate[],
  warnings: string[],
) {
  const dg = shadow.diskGroup;
  const sharing = others.filter((v): v is EnableCandidate => v?.diskGroup === dg).map((v) => v.ref);
  if (sharing.length) {
    warnings.push(
      `The shadow's disk group ${dg} also holds ${sharing.join(" and ")}: a shadow meant for export should sit in a disk group of its own, since deporting ${dg} takes every volume in it.`,
    );
  }
  const busy = candidates.filter(
    (c) => c.diskGroup === dg && c.path !== shadow.path && !sharing.includes(c.ref) && c.usedBy,
  );
  if (busy.length) {
    warnings.push(
      `Disk group ${dg} also holds volumes in use (${busy.map((c) => c.ref).join(", ")}): it cannot be deported while they are.`,
    );
  }
}

export interface ImportFormCheck {
  errors: Partial<Record<"shadow" | "bitmap", string[]>>;
  args: { shadow: string; bitmap: string } | null;
}

/**
 * iiadm -I shadow bitmap2 on the backup host (§3.6, §5.5): the shadow must not be in a set here,
 * and bitmap2 is a bitmap of its own, big enough for the shadow, not the original bitmap.
 */
export function checkImportForm(
  values: { shadow: string; bitmap: string },
  candidates: readonly EnableCandidate[],
): ImportFormCheck {
  const errors: ImportFormCheck["errors"] = {};
  const fail = (field: "shadow" | "bitmap", message: string) => (errors[field] ??= []).push(message);
  const shadow = values.shadow ? candidates.find((c) => c.ref === values.shadow) : undefined;
  const bitmap = values.bitmap ? candidates.find((c) => c.ref === values.bitmap) : undefined;
  if (values.shadow && !shadow) fail("shadow", `${values.shadow} is not a volume of a disk group this host holds`);
  if (values.bitmap && !bitmap) fail("bitmap", `${values.bitmap} is not a volume of a disk group this host holds`);
  if (shadow)
    for (const use of parseUsedBy(shadow.usedBy).sets)
      fail("shadow", `already the ${use.role} of set ${use.set} on this host`);
  if (bitmap) {
    for (const use of parseUsedBy(bitmap.usedBy).sets) fail("bitmap", `already the ${use.role} of set ${use.set}`);
    if (shadow && shadow.path === bitmap.path) fail("bitmap", "is the same volume as the shadow");
    else if (shadow) {
      const needed = minBitmapBytes(shadow.sizeBytes);
      if (bitmap.sizeBytes < needed)
        fail(
          "bitmap",
          `is ${formatByteSize(bitmap.sizeBytes)}; a ${formatByteSize(shadow.sizeBytes)} shadow needs at least ${formatByteSize(needed)}`,
        );
    }
  }
  return {
    errors,
    args: shadow && bitmap && Object.keys(errors).length === 0 ? { shadow: shadow.ref, bitmap: bitmap.ref } : null,
  };
}
