import "server-only";
// `iiadm -w` through the console (docs/waiting-for-copies.md), as a bounded long-poll: it returns
// once every named set is settled, complete or incomplete as the host last reported it, or when
// `timeoutSeconds` pass; the caller asks again. A set is settled only when no job holds it and
// the host has reported since the last job on it ended (lib/set-wait-verdict.ts): a wait never
// decides from the mirror of a host that a killed or silent agent left behind. Polling the lock
// table and the host row keeps the console stateless: any instance can answer.
import type { CopyProgress } from "@/lib/set-status";
import { resolveVolumeRef } from "@/lib/resolve-volume-ref";
import { isWaitSettled, setWaitVerdict, type SetWaitVerdict } from "@/lib/set-wait-verdict";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { loadHost, type LoadedHost } from "@/server/storage/load-host";
import { staleReportReason } from "@/server/storage/report-freshness";
import { activeJobs, type SetInfoTarget, type SetJob } from "@/server/storage/set-info";

const POLL_MS = 500;

export interface SetWaitState {
  /** The set's shadow path (or the operand as given, while the host has not reported it). */
  shadow: string;
  verdict: SetWaitVerdict;
  job: SetJob | null;
  progress: CopyProgress | null;
}

export interface WaitForSetsResult {
  host: string;
  /** True when every set is settled: `sets[].verdict` is then complete or incomplete for each. */
  done: boolean;
  sets: SetWaitState[];
}

export async function waitForSets(hostName: string, target: SetInfoTarget, timeoutSeconds: number, signal?: AbortSignal): Promise<WaitForSetsResult> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const state = await setWaitStates(hostName, target);
    if (state.done || Date.now() >= deadline || signal?.aborted) return state;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
  }
}

/** One look: how each set of the target stands, and whether the wait is over. */
export async function setWaitStates(hostName: string, target: SetInfoTarget): Promise<WaitForSetsResult> {
  const host = await loadHost(hostName);
  if (host.revokedAt) throw new AppError("CONFLICT", `host ${host.name} is revoked: its agent can no longer report, so nothing can be waited for`);
  const staleReport = await staleReportReason(host);
  const wanted = await setsToWaitFor(host, target, staleReport);
  const live = await activeJobs(host.id, wanted);
  const sets = wanted.map((set, i): SetWaitState => {
    const reported = host.inventory?.sets.find((s) => s.shadow === set.shadow) ?? null;
    const { job, progress } = live[i]!;
    return { shadow: set.shadow, verdict: setWaitVerdict({ reported, job, staleReport }), job, progress: progress ?? reported?.progress ?? null };
  });
  if (target.kind === "all") {
    // A set being enabled is in no report yet; its job holds the set's lock.
    const reported = new Set(sets.map((s) => s.shadow));
    const locks = await prisma.jobLock.findMany({
      where: { key: { startsWith: `${host.id}:set:` } },
      select: { key: true, job: { select: { id: true, kind: true, state: true, phase: true, cancelRequestedAt: true } } },
    });
    for (const lock of locks) {
      const shadow = lock.key.slice(`${host.id}:set:`.length);
      if (reported.has(shadow)) continue;
      const job: SetJob = { id: lock.job.id, kind: lock.job.kind, state: lock.job.state, phase: lock.job.phase, cancelRequested: lock.job.cancelRequestedAt !== null };
      sets.push({ shadow, verdict: setWaitVerdict({ reported: null, job, staleReport }), job, progress: null });
    }
  }
  // A group whose sets are all still being enabled has no member to show yet: its job is the wait.
  if (!sets.length && target.kind === "group") {
    const job = await jobHolding(host.id, { shadow: "", group: target.group });
    if (!job && !staleReport) throw new AppError("NOT_FOUND", `group: ${target.group} not found on host ${host.name}`);
    const verdict = setWaitVerdict({ reported: null, job, staleReport });
    return { host: host.name, done: false, sets: [{ shadow: `group ${target.group}`, verdict, job, progress: null }] };
  }
  return { host: host.name, done: sets.every((s) => isWaitSettled(s.verdict)), sets };
}

/** The sets a wait covers, by shadow path: reported ones, and ones an active job is creating. */
async function setsToWaitFor(host: LoadedHost, target: SetInfoTarget, staleReport: string | null): Promise<{ shadow: string; group: string | null }[]> {
  const reported = host.inventory?.sets ?? [];
  if (target.kind === "all") return reported.map((s) => ({ shadow: s.shadow, group: s.group }));
  if (target.kind === "group") return reported.filter((s) => s.group === target.group).map((s) => ({ shadow: s.shadow, group: s.group }));
  const wanted: { shadow: string; group: string | null }[] = [];
  for (const ref of target.sets) {
    const resolved = host.inventory ? resolveVolumeRef(host.inventory, ref) : { ok: true as const, path: ref };
    if (!resolved.ok) throw new AppError("INVALID_INPUT", `set: ${ref} on host ${host.name}: ${resolved.reason}`);
    const set = reported.find((s) => s.shadow === resolved.path);
    if (!set) {
      // Not reported: being enabled right now (its job holds the path's lock), or reported by the
      // next inventory; only with neither is it not a set.
      if (!(await jobHolding(host.id, { shadow: resolved.path, group: null })) && !staleReport) throw new AppError("NOT_FOUND", `set: ${ref} is not an Instant Image set on host ${host.name}`);
    }
    wanted.push({ shadow: resolved.path, group: set?.group ?? null });
  }
  return wanted;
}

async function jobHolding(hostId: string, set: { shadow: string; group: string | null }): Promise<SetJob | null> {
  return (await activeJobs(hostId, [set]))[0]?.job ?? null;
}
