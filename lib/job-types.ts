// Storage job types (docs/architecture.md §4): what the console may ask an agent to do, one zod schema per
// kind, and the objects each job locks so that one active job per set, group and disk group is
// enforced. Shared by the console (validation, conflicts), the agent (dispatch) and the CLI.
import { z } from "zod";
import { refuseControlCharacters } from "./control-characters";
import { THROTTLE_LIMITS } from "./throttle-limits";

/** A volume as an operand: "dg/vol" inside the host's disk groups, or an absolute path. */
export const volumeRefSchema = z
  .string()
  .min(1, "volume is required")
  .max(1024)
  .refine((v) => v.startsWith("/") || /^[A-Za-z0-9_-][A-Za-z0-9._-]*\/[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(v), {
    message: "volume must be dg/vol or an absolute path",
  })
  .superRefine(refuseControlCharacters("volume"));

const groupNameSchema = z
  .string()
  .max(63)
  .refine((g) => !/\s/.test(g) && !g.startsWith("-"), {
    message: "group name may not contain whitespace or start with '-'",
  })
  .superRefine(refuseControlCharacters("group"));

export const setTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("sets"), sets: z.array(volumeRefSchema).min(1) }),
  z.object({ kind: z.literal("group"), group: groupNameSchema }),
]);
export type SetTargetInput = z.infer<typeof setTargetSchema>;

/**
 * Where archives go: an absolute path under one of the agent's archiveRoots, or a relative one,
 * taken under the agent's first archive root (so a runbook need not know where a host keeps them).
 */
export const archiveTargetSchema = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.split("/").includes(".."), { message: "targetDir may not contain '..'" })
  .superRefine(refuseControlCharacters("targetDir"));

/** A tape drive (or other sequential device) by its absolute path, e.g. /dev/st0. */
export const tapeDeviceSchema = z
  .string()
  .min(2)
  .max(1024)
  .refine((p) => p.startsWith("/") && !p.split("/").includes(".."), {
    message: "device: an absolute path without '..', e.g. /dev/st0",
  })
  .superRefine(refuseControlCharacters("device"));

/** An archive's name: its directory under the target, or its folder inside a tape's tar stream. */
const archiveLabelSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "label: letters, digits, . _ - (max 128)");

const diskGroupNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/, "disk group name: letters, digits, . _ -");

export const jobArgsSchemas = {
  "set.enable": z.object({
    type: z.enum(["ind", "dep"]),
    master: volumeRefSchema,
    shadow: volumeRefSchema,
    bitmap: volumeRefSchema,
    group: groupNameSchema.nullable().default(null),
    /** "scan" when the operator asks for scan mode (docs/consistency-modes.md); "auto" takes instant where the volumes allow it. */
    consistency: z.enum(["auto", "scan"]).default("auto"),
  }),
  "set.disable": z.object({ target: setTargetSchema }),
  "set.copy": z.object({ target: setTargetSchema, direction: z.enum(["s", "m"]), full: z.boolean() }),
  "set.abort": z.object({ target: setTargetSchema }),
  "set.reset": z.object({ target: setTargetSchema }),
  "set.params": z.object({
    target: setTargetSchema,
    delay: z.number().int().min(THROTTLE_LIMITS.delay.min).max(THROTTLE_LIMITS.delay.max),
    unit: z.number().int().min(THROTTLE_LIMITS.unit.min).max(THROTTLE_LIMITS.unit.max),
  }),
  "set.export": z.object({ target: setTargetSchema }),
  "set.import": z.object({ shadow: volumeRefSchema, bitmap: volumeRefSchema }),
  "set.join": z.object({ shadow: volumeRefSchema, bitmap: volumeRefSchema, force: z.boolean().default(false) }),
  "set.move": z.object({ group: z.union([groupNameSchema, z.literal("")]), sets: z.array(volumeRefSchema).min(1) }),
  "sv.enable": z.object({ volumes: z.array(volumeRefSchema).min(1) }),
  "sv.disable": z.object({ volumes: z.array(volumeRefSchema).min(1) }),
  "dg.create": z.object({ diskGroup: diskGroupNameSchema }),
  "dg.deport": z.object({ diskGroup: diskGroupNameSchema }),
  "dg.import": z.object({ diskGroup: diskGroupNameSchema, clearLock: z.boolean().default(false) }),
  "dg.startall": z.object({ diskGroup: diskGroupNameSchema }),
  "dg.stopall": z.object({ diskGroup: diskGroupNameSchema }),
  /** One of the agent's named hooks; a quiesce names the resume hook the agent's freeze guard runs. */
  "hook.run": z
    .object({
      hook: z.string().regex(/^[A-Za-z0-9_.-]+$/, "hook name: letters, digits, _ . -"),
      purpose: z.enum(["quiesce", "resume", "run"]).default("run"),
      resumeHook: z
        .string()
        .regex(/^[A-Za-z0-9_.-]+$/, "hook name: letters, digits, _ . -")
        .nullable()
        .default(null),
      /** A quiesce's own budget (a runbook's); the agent thaws at the smaller of this and its config's. */
      freezeBudgetSeconds: z.number().positive().max(3600).nullable().default(null),
    })
    .refine((a) => a.purpose !== "quiesce" || a.resumeHook !== null, {
      message: "a quiesce needs its resumeHook",
      path: ["resumeHook"],
    }),
  /** The built-in backup: volumes streamed to `<targetDir>/<label>/` with a manifest, then verified. */
  "archive.create": z.object({
    volumes: z.array(volumeRefSchema).min(1),
    targetDir: archiveTargetSchema,
    label: archiveLabelSchema,
    /** When the point in time was taken (ISO 8601), recorded in the manifest. */
    pointInTime: z.string().nullable().default(null),
  }),
  /**
   * The built-in backup to a tape drive (or another sequential device): one tar stream of the
   * volumes and a manifest, read back and verified. The device must be one of the agent's
   * configured tapeDevices.
   */
  "archive.tape": z.object({
    volumes: z.array(volumeRefSchema).min(1),
    device: tapeDeviceSchema,
    label: archiveLabelSchema,
    pointInTime: z.string().nullable().default(null),
  }),
  /** Deletes one archive made by archive.create (a runbook's keepArchives); only a directory with a manifest. */
  "archive.delete": z.object({
    targetDir: archiveTargetSchema,
    label: archiveLabelSchema,
  }),
  "volume.create": z.object({
    diskGroup: diskGroupNameSchema,
    name: diskGroupNameSchema,
    sizeBytes: z.number().int().positive(),
    preallocate: z.boolean().default(false),
    /** Size it as the bitmap of a master of this many bytes (docs/instant-image.md §3.3). */
    bitmapForMasterBytes: z.number().int().positive().nullable().default(null),
    /** With bitmapForMasterBytes: independent (and full-size dependent) sets, or compact dependent ones (room for the index, §3.3). */
    bitmapKind: z.enum(["independent", "compact-dependent"]).default("independent"),
  }),
} as const;

export type JobKind = keyof typeof jobArgsSchemas;
export const jobKinds = Object.keys(jobArgsSchemas) as JobKind[];
export type JobArgs<K extends JobKind> = z.infer<(typeof jobArgsSchemas)[K]>;
/**
 * A job's arguments as read back from its row: checked against the kind when the job was
 * created (server/jobs/create-job.ts), but a row written by another release of the console may
 * lack a field this one added, so every field is optional for a reader, as job results are
 * (lib/job-results.ts ReportedJobResult).
 */
export type StoredJobArgs<K extends JobKind> = Partial<JobArgs<K>> & { [field: string]: unknown };

export function isJobKind(kind: string): kind is JobKind {
  return Object.hasOwn(jobArgsSchemas, kind);
}

/**
 * Whether a job may be handed to an agent again after its agent went silent. Only jobs that
 * are harmless to repeat: the others are marked interrupted and an operator decides.
 */
export const jobIsIdempotent: Record<JobKind, boolean> = {
  "set.enable": false,
  "set.disable": false,
  "set.copy": false,
  "set.abort": true,
  "set.reset": false,
  "set.params": true,
  "set.export": false,
  "set.import": false,
  "set.join": false,
  "set.move": true,
  "sv.enable": true,
  "sv.disable": true,
  "dg.create": false,
  "dg.deport": false,
  "dg.import": false,
  "dg.startall": true,
  "dg.stopall": true,
  "volume.create": false,
  "archive.create": false,
  "archive.tape": false,
  "archive.delete": true,
  "hook.run": false,
};

/**
 * The objects a job works on, as lock keys: "set:<name>", "group:<name>", "dg:<name>". Set names
 * must already be normalised to one form (the console resolves "dg/vol" against the host's
 * inventory) or two spellings of one set would not conflict.
 */
export function jobLockKeys(args: Record<string, unknown>): string[] {
  const keys: string[] = [];
  const target = args.target as SetTargetInput | undefined;
  if (target?.kind === "sets") keys.push(...target.sets.map((s) => `set:${s}`));
  if (target?.kind === "group") keys.push(`group:${target.group}`);
  for (const field of ["shadow"] as const) if (typeof args[field] === "string") keys.push(`set:${args[field]}`);
  if (Array.isArray(args.sets)) keys.push(...(args.sets as string[]).map((s) => `set:${s}`));
  if (typeof args.group === "string" && args.group) keys.push(`group:${args.group}`);
  if (typeof args.diskGroup === "string") keys.push(`dg:${args.diskGroup}`);
  return [...new Set(keys)];
}
