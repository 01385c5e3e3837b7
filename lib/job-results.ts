// What each storage job kind returns when it succeeds, one zod schema per kind beside its
// arguments (lib/job-types.ts). Executors return their kind's result (the agent's registry checks
// it per kind), the console validates it when the agent finishes the job, and the console and
// runbooks read it back typed (resultOf).
import { z } from "zod";
import { archiveManifestSchema } from "./archive-manifest";
import type { JobKind } from "./job-types";

/** The sets a command applied to, as the agent resolved them (engine/set-target.ts). */
const resolvedTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("sets"), sets: z.array(z.string()) }),
  z.object({ kind: z.literal("group"), group: z.string() }),
  z.object({ kind: z.literal("all") }),
]);

const diskGroupResult = z.object({ diskGroup: z.string(), volumesStarted: z.boolean() });
const archiveResult = z.object({
  /** The archive's directory, or the device of a tape archive. */
  dir: z.string(),
  manifest: archiveManifestSchema,
});

export const jobResultSchemas = {
  "set.enable": z.object({ set: z.string(), master: z.string(), bitmap: z.string(), mode: z.enum(["ind", "dep"]) }),
  "set.disable": z.object({
    target: resolvedTargetSchema,
    /** Per imported set disabled: the chunks written on this host (the runbook's rejoin gate). */
    importerWrites: z.record(z.string(), z.number()),
  }),
  "set.copy": z.object({
    sets: z.array(z.string()),
    direction: z.enum(["s", "m"]),
    full: z.boolean(),
    /** How each set took its point in time (the "point-in-time" event's sets). */
    pointInTime: z.array(
      z.object({ set: z.string(), mode: z.enum(["instant", "scan"]), cloneMs: z.number().nullable() }),
    ),
  }),
  "set.abort": z.object({ target: resolvedTargetSchema }),
  "set.reset": z.object({ sets: z.array(z.string()) }),
  "set.params": z.object({ throttles: z.array(z.object({ set: z.string(), delay: z.number(), unit: z.number() })) }),
  "set.export": z.object({ target: resolvedTargetSchema }),
  "set.import": z.object({ set: z.string(), bitmap: z.string() }),
  "set.join": z.object({
    set: z.string(),
    chunksMerged: z.number(),
    /** Why the importer's record was not trusted (the next update scans the whole shadow); null when it was. */
    rescanBecause: z.string().nullable(),
  }),
  "set.move": z.object({ group: z.string(), sets: z.array(z.string()) }),
  "sv.enable": z.object({ enabled: z.array(z.string()) }),
  "sv.disable": z.object({ disabled: z.array(z.string()) }),
  "dg.create": z.object({ diskGroup: z.string(), dir: z.string() }),
  "dg.deport": z.object({ diskGroup: z.string() }),
  "dg.import": z.object({ diskGroup: z.string(), importGeneration: z.number(), warning: z.string().nullable() }),
  "dg.startall": diskGroupResult,
  "dg.stopall": diskGroupResult,
  /**
   * One shape for the three purposes: a quiesce reports the freeze it armed; a resume how long
   * the application was frozen, and the agent's own thaw when it had already resumed it.
   */
  "hook.run": z.object({
    hook: z.string(),
    purpose: z.enum(["quiesce", "resume", "run"]),
    frozenSince: z.string().optional(),
    freezeBudgetSeconds: z.number().optional(),
    durationMs: z.number().optional(),
    frozenMs: z.number().nullable().optional(),
    resumedByAgent: z
      .object({ resumeHook: z.string(), frozenMs: z.number(), reason: z.string(), error: z.string().nullable() })
      .nullable()
      .optional(),
  }),
  "archive.create": archiveResult,
  "archive.tape": archiveResult,
  "archive.delete": z.object({ dir: z.string(), deleted: z.boolean() }),
  "volume.create": z.object({
    volume: z.string(),
    path: z.string(),
    sizeBytes: z.number(),
    role: z.enum(["data", "bitmap"]),
    bitmapKind: z.enum(["independent", "compact-dependent"]).optional(),
  }),
} as const satisfies Record<JobKind, z.ZodObject>;

/** What an executor of kind K returns. */
export type JobResult<K extends JobKind> = z.infer<(typeof jobResultSchemas)[K]>;

/**
 * A result as the console accepts and reads it. Agents upgrade later than the console, and the
 * protocol only ever adds fields (lib/agent-protocol.ts), so an older agent's result may lack
 * some: every field is optional, but a field that is there must match. Fields the console does
 * not know (a newer agent's) are kept, so the job's page shows them.
 */
export type ReportedJobResult<K extends JobKind> = Partial<JobResult<K>> & { [field: string]: unknown };

const reportedSchemas = new Map<JobKind, z.ZodType>();

function reportedSchema(kind: JobKind): z.ZodType {
  let schema = reportedSchemas.get(kind);
  if (!schema) reportedSchemas.set(kind, (schema = jobResultSchemas[kind].partial().loose()));
  return schema;
}

export type ParsedJobResult<K extends JobKind> =
  | { ok: true; result: ReportedJobResult<K> }
  | { ok: false; problems: string[] };

/** Checks a reported result against its kind: the problems name each bad field and what it held. */
export function parseJobResult<K extends JobKind>(kind: K, value: unknown): ParsedJobResult<K> {
  const parsed = reportedSchema(kind).safeParse(value);
  // The cache loses K: its schema is K's own, made partial and loose, which is what the type says.
  if (parsed.success) return { ok: true, result: parsed.data as ReportedJobResult<K> };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      let got: unknown = value;
      for (const key of issue.path)
        got = (got as Record<PropertyKey, unknown> | null | undefined)?.[key as PropertyKey];
      return `${issue.path.join(".") || "result"}: ${issue.message}${got === undefined ? "" : ` (got ${JSON.stringify(got)})`}`;
    }),
  };
}

/**
 * A finished job's result, typed by its kind, from the job as read (its parsed result, or the
 * stored JSON text). Not checked again: the console checked it against the kind when the agent
 * reported it (server/jobs/finish-job.ts), and every field may be missing, so callers keep a
 * fallback for each. A missing or unreadable result reads as empty.
 */
// `_kind` names the kind at the call, which types the result.
export function resultOf<K extends JobKind>(
  job: { result: unknown } | { resultJson: string | null },
  _kind: K,
): ReportedJobResult<K> {
  const value = "result" in job ? job.result : storedResult(job.resultJson);
  return (value !== null && typeof value === "object" && !Array.isArray(value) ? value : {}) as ReportedJobResult<K>;
}

function storedResult(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
