// What every executor shares: its context, argument parsing with the kind's zod schema (errors
// naming the field and the bad value), set targets with resolved operands, and running copies
// to their end inside the job.
import type { EngineContext } from "@/engine/engine-context";
import { waitForCopies } from "@/engine/set-control";
import { statusOf } from "@/engine/set-status";
import type { SetTarget } from "@/engine/set-target";
import type { JobEvent } from "@/lib/agent-protocol";
import { DSW_COPYINGS } from "@/lib/dsw-flags";
import { COPYING_PHASE } from "@/lib/job-phases";
import type { CopyProgress } from "@/lib/copy-progress";
import type { JobResult } from "@/lib/job-results";
import { jobArgsSchemas, type JobArgs, type JobKind, type SetTargetInput } from "@/lib/job-types";
import type { FreezeGuard } from "@/agent/freeze-guard";
import { JobFailure } from "@/agent/job-failure";
import type { HookTable } from "@/agent/run-hook";
import { resolveVolumes } from "@/agent/resolve-volume";

export type EmittedEvent = Omit<JobEvent, "seq" | "at">;

export interface ExecutorContext {
  /** The engine, with warnings routed to this job's events. */
  engine: EngineContext;
  roots: readonly string[];
  /** Where archive.create may write (agent config archiveRoots). */
  archiveRoots: readonly string[];
  /** The devices archive.tape may write (agent config tapeDevices). */
  tapeDevices: readonly string[];
  /** The agent's named hooks, its freeze budget and the guard that thaws when it runs out. */
  hooks: HookTable;
  freezeBudgetMs: number;
  freezeGuard: FreezeGuard;
  hostName: string;
  signal: AbortSignal;
  emit(event: EmittedEvent): void;
  /** Records the sets whose copies this job runs, so that a cancel can abort them. */
  copiesStarted(sets: readonly string[]): void;
}

/** The executor of kind K: it returns K's result (lib/job-results.ts). */
export interface Executor<K extends JobKind = JobKind> {
  kind: K;
  /** The object a failure is about (a set, volume or disk group), from the raw args. */
  object(args: Record<string, unknown>): string | null;
  execute(args: Record<string, unknown>, ctx: ExecutorContext): Promise<JobResult<K>>;
}

export function parseJobArgs<K extends JobKind>(kind: K, args: Record<string, unknown>): JobArgs<K> {
  const parsed = jobArgsSchemas[kind].safeParse(args);
  if (parsed.success) return parsed.data as JobArgs<K>;
  const first = parsed.error.issues[0];
  let value: unknown = args;
  for (const key of first?.path ?? [])
    value = (value as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey];
  const problems = parsed.error.issues.map((i) => {
    let v: unknown = args;
    for (const key of i.path) v = (v as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey];
    return `${i.path.join(".") || "args"}: ${i.message}${v === undefined ? "" : ` (got ${JSON.stringify(v)})`}`;
  });
  throw new JobFailure(
    "INVALID_ARGS",
    `${kind}: invalid arguments: ${problems.join("; ")}`,
    typeof value === "string" ? value : (first?.path.join(".") ?? null),
  );
}

export function defineExecutor<K extends JobKind>(
  kind: K,
  object: (args: Record<string, unknown>) => string | null,
  run: (args: JobArgs<K>, ctx: ExecutorContext) => Promise<JobResult<K>>,
): Executor<K> {
  return { kind, object, execute: (args, ctx) => run(parseJobArgs(kind, args), ctx) };
}

/** The first volume, set or group the raw args name: what a failure is most likely about. */
export function targetObject(args: Record<string, unknown>): string | null {
  const t = args.target as Partial<SetTargetInput> | undefined;
  if (t && "sets" in t && Array.isArray(t.sets)) return t.sets.length === 1 ? String(t.sets[0]) : t.sets.join(" ");
  if (t && "group" in t && typeof t.group === "string") return `group ${t.group}`;
  return null;
}

export async function engineTarget(target: SetTargetInput, roots: readonly string[]): Promise<SetTarget> {
  if (target.kind === "group") return target;
  return { kind: "sets", sets: await resolveVolumes(target.sets, roots) };
}

// waitForCopies reports every 200 ms; one event per set every half second is enough (the
// console wants at least one a second) and keeps the event stream small.
const PROGRESS_EVERY_MS = 500;

/**
 * Waits for the copies of `sets` to end, emitting progress events, and fails naming the set
 * when a copy did not complete: a job that started a copy succeeds only when it finished.
 */
export async function runCopiesToEnd(ctx: ExecutorContext, sets: readonly string[]): Promise<void> {
  if (!sets.length) return;
  ctx.copiesStarted(sets);
  // The job's phase becomes COPYING_PHASE only now that the copy runs: iiadm's asynchronous
  // commands (-e, -c, -u) return at this point, and every check before it has passed.
  ctx.emit({ type: "phase", message: COPYING_PHASE });
  const last = new Map<string, { at: number; phase: string }>();
  const seen = new Map<string, CopyProgress>();
  // Size and direction while the copies run, for the final event of a copy too quick to report.
  const started = await statusOf(ctx.engine, { kind: "sets", sets: [...sets] }).catch(() => []);
  const results = await waitForCopies(ctx.engine, { kind: "sets", sets: [...sets] }, (set, p) => {
    seen.set(set, p);
    const prev = last.get(set);
    const now = Date.now();
    if (prev && prev.phase === p.phase && now - prev.at < PROGRESS_EVERY_MS) return;
    last.set(set, { at: now, phase: p.phase });
    ctx.emit({ type: "progress", progress: { ...p, set } });
  });
  // Every finished copy ends on a 100 % event, so a follower sees it complete, however fast it was.
  for (const r of results.filter((x) => x.incomplete === null)) {
    const p = seen.get(r.set);
    const st = started.find((s) => s.shadow === r.set);
    const bytesTotal = p?.bytesTotal ?? (st ? st.sizeFbas * 512 : 0);
    const chunksTotal = p?.chunksTotal ?? st?.chunks ?? 0;
    if (bytesTotal === 0) continue;
    ctx.emit({
      type: "progress",
      progress: {
        phase: p?.phase ?? "copying",
        direction: p?.direction ?? (st && st.flags & DSW_COPYINGS ? "to-master" : "to-shadow"),
        chunksDone: chunksTotal,
        chunksTotal,
        bytesDone: bytesTotal,
        bytesTotal,
        rateBytesPerSec: p?.rateBytesPerSec ?? 0,
        etaSeconds: 0,
        updatedAt: Date.now(),
        set: r.set,
      },
    });
  }
  const incomplete = results.filter((r) => r.incomplete !== null);
  if (incomplete.length) {
    const first = incomplete[0]!;
    throw new JobFailure(
      "DSW_EINCOMPLETE",
      incomplete.map((r) => `copy of set ${r.set} did not complete: ${r.incomplete}`).join("; "),
      first.set,
    );
  }
  ctx.emit({ type: "log", message: `copy of ${sets.join(", ")} finished` });
}
