// The runbook form's values and checks (issue 6): every field of lib/runbook-spec as the operator
// types it (text for numbers, "" for "none"), turned into a spec and validated with the same zod
// schema the console applies, so an error sits under its field before anything is sent.
import { type RunbookSpec, runbookSpecSchema } from "./runbook-spec";

export interface RunbookFormSet {
  master: string;
  shadow: string;
  bitmap: string;
  /** "" for the default "<snapshot disk group>/<shadow name>.bmp". */
  secondaryBitmap: string;
}

export interface RunbookFormValues {
  name: string;
  description: string;
  group: string;
  productionHost: string;
  backupHost: string;
  snapshotDiskGroup: string;
  /** "" for none (both hooks or neither). */
  quiesceHook: string;
  resumeHook: string;
  freezeBudgetSeconds: string;
  backupKind: "archive" | "tape" | "hook";
  targetDir: string;
  /** The backup host's tape drive, e.g. /dev/st0 (backupKind "tape"). */
  tapeDevice: string;
  backupHook: string;
  /** "" for no schedule. */
  schedule: string;
  /** "" keeps every archive; ignored for a hook backup. */
  keepArchives: string;
  approveRejoin: boolean;
  resyncAfterJoin: boolean;
  sets: RunbookFormSet[];
}

export const emptyRunbookForm: RunbookFormValues = {
  name: "",
  description: "",
  group: "",
  productionHost: "",
  backupHost: "",
  snapshotDiskGroup: "",
  quiesceHook: "",
  resumeHook: "",
  freezeBudgetSeconds: "60",
  backupKind: "archive",
  targetDir: "",
  tapeDevice: "",
  backupHook: "",
  schedule: "",
  keepArchives: "",
  approveRejoin: false,
  resyncAfterJoin: true,
  sets: [],
};

export const emptyRunbookFormSet: RunbookFormSet = { master: "", shadow: "", bitmap: "", secondaryBitmap: "" };

export function runbookFormFromSpec(spec: RunbookSpec): RunbookFormValues {
  return {
    name: spec.name,
    description: spec.description,
    group: spec.group,
    productionHost: spec.productionHost,
    backupHost: spec.backupHost,
    snapshotDiskGroup: spec.snapshotDiskGroup,
    quiesceHook: spec.quiesceHook ?? "",
    resumeHook: spec.resumeHook ?? "",
    freezeBudgetSeconds: String(spec.freezeBudgetSeconds),
    backupKind: spec.backup.kind,
    targetDir: spec.backup.kind === "archive" ? spec.backup.targetDir : "",
    tapeDevice: spec.backup.kind === "tape" ? spec.backup.device : "",
    backupHook: spec.backup.kind === "hook" ? spec.backup.hook : "",
    schedule: spec.schedule ?? "",
    keepArchives: spec.keepArchives === null ? "" : String(spec.keepArchives),
    approveRejoin: spec.approveRejoin,
    resyncAfterJoin: spec.resyncAfterJoin,
    sets: spec.sets.map((s) => ({
      master: s.master,
      shadow: s.shadow,
      bitmap: s.bitmap,
      secondaryBitmap: s.secondaryBitmap ?? "",
    })),
  };
}

const orNull = (text: string) => (text.trim() === "" ? null : text.trim());

/** A number field: the number, or the text itself when it is not one (zod then names the field). */
function numberOf(text: string): number | string {
  return /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text;
}

/** The spec as the API takes it (runbook.save, runbook.check), before validation. */
export function runbookSpecFromForm(v: RunbookFormValues): Record<string, unknown> {
  return {
    name: v.name.trim(),
    description: v.description,
    group: v.group.trim(),
    productionHost: v.productionHost,
    backupHost: v.backupHost,
    snapshotDiskGroup: v.snapshotDiskGroup,
    quiesceHook: orNull(v.quiesceHook),
    resumeHook: orNull(v.resumeHook),
    freezeBudgetSeconds: numberOf(v.freezeBudgetSeconds),
    backup:
      v.backupKind === "archive"
        ? { kind: "archive", targetDir: v.targetDir.trim() }
        : v.backupKind === "tape"
          ? { kind: "tape", device: v.tapeDevice.trim() }
          : { kind: "hook", hook: v.backupHook },
    schedule: orNull(v.schedule),
    // The form shows keepArchives for archive directories only (tapes are rotated by hand).
    keepArchives: v.backupKind !== "archive" || v.keepArchives.trim() === "" ? null : numberOf(v.keepArchives),
    approveRejoin: v.approveRejoin,
    resyncAfterJoin: v.resyncAfterJoin,
    sets: v.sets.map((s) => ({
      master: s.master.trim(),
      shadow: s.shadow.trim(),
      bitmap: s.bitmap.trim(),
      ...(s.secondaryBitmap.trim() ? { secondaryBitmap: s.secondaryBitmap.trim() } : {}),
    })),
  };
}

export interface RunbookFormCheck {
  /** The input runbook.save and runbook.check take. */
  input: Record<string, unknown>;
  /** The validated spec, or null while any field is wrong. */
  spec: RunbookSpec | null;
  /** Messages by field path: "name", "backup.targetDir", "sets.0.master", … */
  errors: Record<string, string[]>;
}

export function checkRunbookForm(v: RunbookFormValues): RunbookFormCheck {
  const input = runbookSpecFromForm(v);
  const parsed = runbookSpecSchema.safeParse(input);
  if (parsed.success) return { input, spec: parsed.data, errors: {} };
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "runbook";
    const message = issue.code === "invalid_type" && issue.expected === "number" ? "must be a number" : issue.message;
    (errors[key] ??= []).push(message);
  }
  return { input, spec: null, errors };
}
