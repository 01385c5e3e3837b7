import "server-only";
// `iiadm -w` through the console (docs/waiting-for-copies.md), as a bounded long-poll: it returns
// once every named set is settled, complete or incomplete as the host last reported it, or when
// `timeoutSeconds` pass; the caller asks again. A set is settled only when no job holds it and
// the host has reported since the last job on it ended (lib/set-wait-verdict.ts): a wait never
// decides from the mirror of a host that a killed or silent agent left behind. Polling the lock
// table and the host row keeps the console stateless: any instance can answer.
import type { CopyProgress } from "@/lib/copy-progress";
import { resolveVolumeRef } from "@/lib/resolve-volume-ref";
import { isWaitSettled, setWaitVerdict, type SetWaitVerdict } from "@/lib/set-wait-verdict";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { loadHost, type LoadedHost } from "@/server/storage/load-host";
import { staleReportReason } from "@/server/storage/report-freshness";
import { activeJobs, setJobSelect, toSetJob, type SetInfoTarget, type SetJob } from "@/server/storage/set-info";
import { setTimeout as sleep } from "node:timers/promises";

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

export async function waitForSets(
  hostName: string,
  target: SetInfoTarget,
  timeoutSeconds: number,
  signal?: AbortSignal,
): Promise<WaitForSetsResult> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const state = await setWaitStates(hostName, target);
    if (state.done || Date.now() >= deadline || signal?.aborted) return state;
    await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
  }
}

/** One look: how each set of the target stands, and whether the wait is over. */
export async function setWaitStates(hostName: string, target: SetInfoTarget): Promise<WaitForSetsResult> {
  const host = await loadHost(hostName);
  if (host.revokedAt)
    throw new AppError(
      "CONFLICT",
      `host ${host.name} is revoked: its agent can no longer report, so nothing can be waited for`,
    );
  const staleReport = await staleReportReason(host);
  const wanted = setsToWaitFor(host, target);
  // A group whose sets are all still being enabled has no member to show yet: its job is the wait.
  if (!wanted.length && target.kind === "group")
    wanted.push({ shadow: "", group: target.group, ref: `group ${target.group}` });
  const live = await activeJobs(host.id, wanted);
  const sets = wanted.map((set, i): SetWaitState => {
    const reported = host.inventory?.sets.find((s) => s.shadow === set.shadow) ?? null;
    const { job, progress } = live[i]!;
    // Not reported and no job creating it: only a report the console still waits for may show it.
    if (!reported && !job && !staleReport) {
      throw new AppError(
        "NOT_FOUND",
        target.kind === "group"
          ? `group: ${target.group} not found on host ${host.name}`
          : `set: ${set.ref} is not an Instant Image set on host ${host.name}`,
      );
    }
    return {
      shadow: set.shadow || set.ref,
      verdict: setWaitVerdict({ reported, job, staleReport }),
      job,
      progress: progress ?? reported?.progress ?? null,
    };
  });
  if (target.kind === "all") {
    // A set being enabled is in no report yet; its job holds the set's lock.
    const reported = new Set(sets.map((s) => s.shadow));
    const locks = await prisma.jobLock.findMany({
      where: { key: { startsWith: `${host.id}:set:` } },
      select: { key: true, job: { select: setJobSelect } },
    });
    for (const lock of locks) {
      const shadow = lock.key.slice(`${host.id}:set:`.length);
      if (reported.has(shadow)) continue;
      const job = toSetJob(lock.job);
      sets.push({ shadow, verdict: setWaitVerdict({ reported: null, job, staleReport }), job, progress: null });
    }
  }
  return { host: host.name, done: sets.every((s) => isWaitSettled(s.verdict)), sets };
}

/**
 * The sets a wait covers, by shadow path: reported ones, and named ones not reported yet (being
 * enabled right now, or in the next report); `ref` is how the operator named it.
 */
function setsToWaitFor(
  host: LoadedHost,
  target: SetInfoTarget,
): { shadow: string; group: string | null; ref: string }[] {
  const reported = host.inventory?.sets ?? [];
  const asWanted = (s: { shadow: string; group: string | null }) => ({
    shadow: s.shadow,
    group: s.group,
    ref: s.shadow,
  });
  if (target.kind === "all") return reported.map(asWanted);
  if (target.kind === "group") return reported.filter((s) => s.group === target.group).map(asWanted);
  return target.sets.map((ref) => {
    const resolved = host.inventory ? resolveVolumeRef(host.inventory, ref) : { ok: true as const, path: ref };
    if (!resolved.ok) throw new AppError("INVALID_INPUT", `set: ${ref} on host ${host.name}: ${resolved.reason}`);
    return { shadow: resolved.path, group: reported.find((s) => s.shadow === resolved.path)?.group ?? null, ref };
  });
}
