// A LAN-free backup runbook (docs/architecture.md §5, issue 6): what operators keep in version control as
// YAML or JSON and apply with `pitcrew runbook apply FILE`. Validated with zod at every boundary
// (CLI file, tRPC, the stored copy), so a bad field is named before anything runs.
import { Cron } from "croner";
import { z } from "zod";
import { hostNameSchema } from "./agent-protocol";
import { archiveTargetSchema, tapeDeviceSchema, volumeRefSchema } from "./job-types";

const hookName = z.string().regex(/^[A-Za-z0-9_.-]+$/, "hook name: letters, digits, _ . -");
const diskGroupName = z
  .string()
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/, "disk group name: letters, digits, . _ -");
export const runbookNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "runbook name: letters, digits, . _ - (max 63)");

/** A cron expression croner accepts (5 fields, or 6 with seconds first). */
const cronSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .superRefine((expr, ctx) => {
    try {
      new Cron(expr, { paused: true });
    } catch (err) {
      ctx.addIssue({ code: "custom", message: `not a cron expression: ${(err as Error).message}` });
    }
  });

export const runbookBackupSchema = z.discriminatedUnion("kind", [
  /**
   * The built-in backup: each shadow streamed under targetDir with a SHA-256 manifest, then
   * verified. An absolute targetDir must lie under the backup agent's archiveRoots; a relative one
   * is taken under its first archive root.
   */
  z.object({ kind: z.literal("archive"), targetDir: archiveTargetSchema }),
  /**
   * The built-in backup to a tape drive: one tar stream (restorable with plain tar) of the
   * shadows and the manifest, read back and verified. The device must be in the backup agent's
   * tapeDevices, and be the rewinding one (/dev/st0), so that it can be read back from the start.
   */
  z.object({ kind: z.literal("tape"), device: tapeDeviceSchema }),
  /** A hook of the backup host's agent config (argv run without a shell). */
  z.object({ kind: z.literal("hook"), hook: hookName }),
]);

/** A set the runbook enables in its group when the production host does not have it yet. */
export const runbookSetSchema = z.object({
  master: volumeRefSchema,
  shadow: volumeRefSchema,
  bitmap: volumeRefSchema,
  /** The bitmap that travels with the shadow; default "<snapshot disk group>/<shadow name>.bmp". */
  secondaryBitmap: volumeRefSchema.optional(),
});

export const runbookSpecSchema = z
  .object({
    name: runbookNameSchema,
    description: z.string().max(500).default(""),
    /** The I/O group whose sets are backed up (iiadm -g). */
    group: z
      .string()
      .min(1)
      .max(63)
      .refine((g) => !/\s/.test(g) && !g.startsWith("-"), {
        message: "group name may not contain whitespace or start with '-'",
      }),
    productionHost: hostNameSchema,
    backupHost: hostNameSchema,
    /** The disk group that travels: the group's shadows and their secondary bitmaps, nothing else. */
    snapshotDiskGroup: diskGroupName,
    /** Hooks of the production agent's config. Both or neither: without them the copy is only crash-consistent. */
    quiesceHook: hookName.nullable().default(null),
    resumeHook: hookName.nullable().default(null),
    /** The longest the application may stay quiesced; the agent thaws it by itself after this. */
    freezeBudgetSeconds: z.number().positive().max(3600).default(60),
    backup: runbookBackupSchema,
    schedule: cronSchema.nullable().default(null),
    /** Built-in archives kept per runbook; older ones are deleted after a verified backup. Null keeps all. */
    keepArchives: z.number().int().min(1).max(1000).nullable().default(null),
    /** Stop before the rejoin until an operator approves it (the master's data wins at the update). */
    approveRejoin: z.boolean().default(false),
    /** Quiesce and update again right after the rejoin, so master and shadow are equal when the run ends. */
    resyncAfterJoin: z.boolean().default(true),
    /** Sets to enable in the group when missing (the first run); the group's existing sets are used as they are. */
    sets: z.array(runbookSetSchema).default([]),
  })
  .superRefine((spec, ctx) => {
    if ((spec.quiesceHook === null) !== (spec.resumeHook === null)) {
      ctx.addIssue({
        code: "custom",
        path: [spec.quiesceHook === null ? "quiesceHook" : "resumeHook"],
        message: "quiesceHook and resumeHook go together: give both, or neither",
      });
    }
    if (spec.productionHost === spec.backupHost) {
      ctx.addIssue({
        code: "custom",
        path: ["backupHost"],
        message: `must differ from productionHost (${spec.productionHost})`,
      });
    }
    if (spec.backup.kind !== "archive" && spec.keepArchives !== null) {
      ctx.addIssue({
        code: "custom",
        path: ["keepArchives"],
        message:
          spec.backup.kind === "tape"
            ? "applies to archive directories only: tapes are rotated by the operator (backup.kind: tape)"
            : "applies to the built-in archive only (backup.kind: archive)",
      });
    }
  });

export type RunbookSpec = z.infer<typeof runbookSpecSchema>;
export type RunbookSpecInput = z.input<typeof runbookSpecSchema>;

/** zod issues as "field: message" for a runbook named `name` (a CLI file or a form). */
export function describeSpecIssues(error: z.ZodError, name: string | null): string[] {
  return error.issues.map(
    (i) => `${i.path.length ? i.path.join(".") : "(runbook)"}: ${i.message}${name ? ` (runbook ${name})` : ""}`,
  );
}

/** The next time a schedule fires after `after`, or null when it never will again. */
export function nextScheduledRun(schedule: string, after: Date): Date | null {
  return new Cron(schedule, { paused: true }).nextRun(after);
}
