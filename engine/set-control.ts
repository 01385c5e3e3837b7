// Abort, wait, throttle, move to group and resume (docs/instant-image.md §6.1–§6.4, §1.2 -m).
import { DSW_COPYINGP } from "@/lib/dsw-flags";
import type { CopyProgress } from "@/lib/copy-progress";
import { THROTTLE_LIMITS } from "@/lib/throttle-limits";
import { dsLog } from "./ds-log";
import type { SetRecord } from "./config-store";
import type { EngineContext } from "./engine-context";
import { EngineError } from "./engine-error";
import { openSet, withOpenSet } from "./open-set";
import { pointInTimeOf } from "./point-in-time-check";
import { liveRunOwner, readProgress, requestAbort, watchRuns, type RunWatch } from "./state-files";
import { resolveTarget, type SetTarget } from "./set-target";
import { setTimeout as sleep } from "node:timers/promises";

const POLL_MS = 200;
// -w polls at least this often (a read of the header and the run file); a change in the run dir,
// such as the worker releasing the run at the end, wakes it sooner (watchRuns).
const WAIT_POLL_MS = 50;
const MAX_RESUMES = 3;

async function headerState(ctx: EngineContext, setId: string): Promise<number | null> {
  const record = (await ctx.config.read()).sets.find((s) => s.id === setId);
  if (!record) return null;
  return openSet(record, { write: false }).then(
    async (set) => {
      const state = set.bitmap.header.state;
      await set.bitmap.close();
      return state;
    },
    () => null,
  );
}

/**
 * Restarts every copy whose header says P but whose process is gone (a crash or SIGKILL), as II
 * restarts an interrupted copy when the set resumes at boot. Returns the sets resumed.
 */
/** Restarts every copy whose worker died; returns the shadows of the resumed sets. */
export async function resumeInterruptedCopies(ctx: EngineContext): Promise<string[]> {
  return ctx.config.withLock(async () => {
    const resumed: string[] = [];
    for (const record of (await ctx.config.read()).sets) {
      const state = await headerState(ctx, record.id);
      if (state !== null && state & DSW_COPYINGP && !(await liveRunOwner(ctx.stateDir, record.id)))
        resumed.push(record.id);
    }
    if (!resumed.length) return [];
    await ctx.launcher.start(resumed);
    const names = (await ctx.config.read()).sets.filter((s) => resumed.includes(s.id)).map((s) => s.shadow);
    await dsLog(ctx.stateDir, `Resume copy ${names.join(" ")}`);
    return names;
  });
}

export interface WaitResult {
  set: string;
  /** null when the copy finished; otherwise what is left ("copy not active", an offline volume). */
  incomplete: string | null;
}

/** -w: returns when no copy runs on the named sets, reporting progress meanwhile (§6.1). */
export async function waitForCopies(
  ctx: EngineContext,
  target: SetTarget,
  onProgress?: (set: string, p: CopyProgress) => void,
  signal?: AbortSignal,
): Promise<WaitResult[]> {
  const records = resolveTarget(await ctx.config.read(), target);
  const results: WaitResult[] = [];
  const runs = watchRuns(ctx.stateDir);
  try {
    for (const record of records) results.push(await waitForCopy(ctx, record, runs, onProgress, signal));
  } finally {
    runs.close();
  }
  return results;
}

async function waitForCopy(
  ctx: EngineContext,
  record: SetRecord,
  runs: RunWatch,
  onProgress?: (set: string, p: CopyProgress) => void,
  signal?: AbortSignal,
): Promise<WaitResult> {
  let resumes = 0;
  for (;;) {
    if (signal?.aborted) throw new EngineError("DSW_EINVAL", "Wait failed: interrupted");
    const state = await headerState(ctx, record.id);
    const running = state !== null && (state & DSW_COPYINGP) !== 0;
    if (!running) {
      if (state === null) return { set: record.shadow, incomplete: "set is suspended" };
      // The same rule as export and the set status (point-in-time-check.ts).
      const pit = await pointInTimeOf(ctx.stateDir, record, state);
      return { set: record.shadow, incomplete: pit.kind === "incomplete" ? pit.why : null };
    }
    if (!(await liveRunOwner(ctx.stateDir, record.id))) {
      // A copy whose process keeps dying would otherwise be restarted forever.
      if (++resumes > MAX_RESUMES) {
        return { set: record.shadow, incomplete: "the copy process keeps failing (see worker.log in the state dir)" };
      }
      await resumeInterruptedCopies(ctx);
      await sleep(POLL_MS * 5);
    }
    const progress = await readProgress(ctx.stateDir, record.id);
    if (progress && onProgress) onProgress(record.shadow, progress);
    await runs.next(WAIT_POLL_MS);
  }
}

/** -a: asks each running copy to stop at the next run boundary and waits until it has. */
export async function abortCopies(ctx: EngineContext, target: SetTarget): Promise<void> {
  const records = resolveTarget(await ctx.config.read(), target);
  const runs = watchRuns(ctx.stateDir);
  try {
    for (const record of records) {
      if (!(await liveRunOwner(ctx.stateDir, record.id))) continue;
      await requestAbort(ctx.stateDir, record.id);
      await dsLog(ctx.stateDir, `Abort copy ${record.shadow}`);
      while (await liveRunOwner(ctx.stateDir, record.id)) await runs.next(POLL_MS);
    }
  } finally {
    runs.close();
  }
}

/** -P: returns the throttle of each set, after changing it when delay and unit are given. */
export async function copyParameters(
  ctx: EngineContext,
  target: SetTarget,
  change: { delay: number; unit: number } | null,
) {
  if (change) {
    const { delay, unit } = THROTTLE_LIMITS;
    if (change.delay < delay.min || change.delay > delay.max || change.unit < unit.min || change.unit > unit.max) {
      throw new EngineError(
        "DSW_EINVAL",
        `delay must be ${delay.min} to ${delay.max} ticks and unit ${unit.min} to ${unit.max} I/Os (got delay ${change.delay}, unit ${change.unit})`,
        "Set Copy Parameters failed",
      );
    }
  }
  return ctx.config.update(async (config) => {
    const records = resolveTarget(config, target);
    for (const record of records) {
      if (!change) continue;
      const before = record.throttle;
      record.throttle = { delay: change.delay, unit: change.unit };
      await dsLog(
        ctx.stateDir,
        `Changed copy parameters of ${record.shadow} from ${before.delay} ${before.unit} to ${change.delay} ${change.unit}`,
      );
    }
    return records.map((r) => ({ set: r.shadow, ...r.throttle }));
  });
}

/** -g G -m: moves sets into group G ("" removes them from their group). */
export async function moveToGroup(ctx: EngineContext, group: string, sets: string[]): Promise<void> {
  await ctx.config.update(async (config) => {
    const records = resolveTarget(config, { kind: "sets", sets });
    for (const record of records) {
      record.group = group;
      // The header keeps the group too (II's v4 header); a running copy owns the header, and
      // the configuration stays the truth either way.
      if (await liveRunOwner(ctx.stateDir, record.id)) continue;
      await withOpenSet(record, { write: true }, (set) => set.bitmap.writeHeader({ group })).catch(() => {});
    }
    await dsLog(ctx.stateDir, `Moved ${sets.join(" ")} to group ${group || "(none)"}`);
  });
}
