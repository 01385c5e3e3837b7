import "server-only";
// `iiadm -i` through the console: each set's status from the host's inventory, plus the job
// working on it with its live progress (percent, bytes, rate, ETA) from that job's newest events,
// and whether that inventory is older than the host's last job (report-freshness.ts): then the
// statuses may describe the host before that job, and the reader is told so.
import { z } from "zod";
import { flagsWithLiveCopy } from "@/lib/live-copy-flags";
import type { Prisma } from "@/generated/sqlite/client";
import type { Inventory } from "@/lib/agent-protocol";
import { copyProgressSchema, type CopyProgress } from "@/lib/copy-progress";
import { resolveVolumeRef } from "@/lib/resolve-volume-ref";
import { prisma } from "@/server/db";
import { AppError } from "@/server/errors";
import { parseJsonObject } from "@/server/jobs/job-select";
import { loadHost, requireInventory } from "@/server/storage/load-host";
import { staleReportReason } from "@/server/storage/report-freshness";

type InventorySet = Inventory["sets"][number];

/** A progress event of a set's copy (a backup's progress names a volume, not a set's copy). */
const setCopyEventSchema = copyProgressSchema.extend({ set: z.string() });

export type SetInfoTarget = { kind: "all" } | { kind: "sets"; sets: string[] } | { kind: "group"; group: string };

export interface SetJob {
  id: string;
  kind: string;
  state: string;
  phase: string | null;
  cancelRequested: boolean;
}

export interface SetInfo extends InventorySet {
  /** The queued or running job that holds this set (or its group), if any. */
  job: SetJob | null;
}

export interface HostSetInfo {
  host: string;
  /** When the console received the inventory these statuses come from (ISO 8601), or null. */
  inventoryAt: string | null;
  /** Null when no job has ended on the host since that inventory; otherwise why it may be out of date. */
  stale: string | null;
  sets: SetInfo[];
}

// Enough to find the newest event of each set of a group job (events come every half second per set).
const PROGRESS_EVENTS_SCANNED = 100;

export async function setInfo(hostName: string, target: SetInfoTarget): Promise<HostSetInfo> {
  const host = await loadHost(hostName);
  const inventory = requireInventory(host);
  const sets = selectSets(host.name, inventory, target);

  const live = await activeJobs(
    host.id,
    sets.map((set) => ({ shadow: set.shadow, group: set.group })),
  );
  return {
    host: host.name,
    inventoryAt: host.inventoryAt?.toISOString() ?? null,
    stale: await staleReportReason(host),
    sets: sets.map((set, i) => {
      const { job, progress } = live[i]!;
      return {
        ...set,
        flags: flagsWithLiveCopy(set.flags, progress ?? undefined),
        progress: progress ?? set.progress,
        job,
      };
    }),
  };
}

/** The job fields a set's holder is shown with (toSetJob). */
export const setJobSelect = {
  id: true,
  kind: true,
  state: true,
  phase: true,
  cancelRequestedAt: true,
} satisfies Prisma.JobSelect;

export function toSetJob(job: Prisma.JobGetPayload<{ select: typeof setJobSelect }>): SetJob {
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    phase: job.phase,
    cancelRequested: job.cancelRequestedAt !== null,
  };
}

export interface ActiveJobOnSet {
  /** The queued or running job holding the set or its group, or null. */
  job: SetJob | null;
  /** The newest progress that job reported for the set, or null. */
  progress: CopyProgress | null;
}

/**
 * For each set (by shadow path and group), the active job that holds it through the lock table
 * and that job's newest progress for it. A set being enabled is not in any inventory yet, but its
 * enable job already holds its lock: so is found here by path alone.
 */
export async function activeJobs(
  hostId: string,
  sets: readonly { shadow: string; group: string | null }[],
): Promise<ActiveJobOnSet[]> {
  const keyOf = (set: { shadow: string; group: string | null }) => [
    `${hostId}:set:${set.shadow}`,
    ...(set.group ? [`${hostId}:group:${set.group}`] : []),
  ];
  const locks = await prisma.jobLock.findMany({
    where: { key: { in: sets.flatMap(keyOf) } },
    select: { key: true, job: { select: { ...setJobSelect, attempt: true } } },
  });
  const jobByKey = new Map(locks.map((l) => [l.key, l.job]));
  const progressByJob = new Map<string, Map<string, CopyProgress>>();
  for (const job of new Set(locks.map((l) => l.job))) {
    if (job.state === "running" && !progressByJob.has(job.id))
      progressByJob.set(job.id, await latestProgressBySet(job.id, job.attempt));
  }
  return sets.map((set) => {
    const job =
      keyOf(set)
        .map((k) => jobByKey.get(k))
        .find((j) => j !== undefined) ?? null;
    return {
      job: job && toSetJob(job),
      progress: (job && progressByJob.get(job.id)?.get(set.shadow)) ?? null,
    };
  });
}

function selectSets(hostName: string, inventory: Inventory, target: SetInfoTarget): InventorySet[] {
  if (target.kind === "all") return inventory.sets;
  if (target.kind === "group") {
    const sets = inventory.sets.filter((s) => s.group === target.group);
    if (!sets.length) throw new AppError("NOT_FOUND", `group: ${target.group} not found on host ${hostName}`);
    return sets;
  }
  return target.sets.map((ref) => {
    const resolved = resolveVolumeRef(inventory, ref);
    if (!resolved.ok) throw new AppError("INVALID_INPUT", `set: ${ref} on host ${hostName}: ${resolved.reason}`);
    const set = inventory.sets.find((s) => s.shadow === resolved.path);
    if (!set) throw new AppError("NOT_FOUND", `set: ${ref} is not an Instant Image set on host ${hostName}`);
    return set;
  });
}

async function latestProgressBySet(jobId: string, attempt: number): Promise<Map<string, CopyProgress>> {
  const events = await prisma.jobEvent.findMany({
    where: { jobId, attempt, type: "progress" },
    orderBy: { seq: "desc" },
    take: PROGRESS_EVENTS_SCANNED,
    select: { progressJson: true },
  });
  const bySet = new Map<string, CopyProgress>();
  for (const event of events) {
    const parsed = setCopyEventSchema.safeParse(parseJsonObject(event.progressJson));
    if (!parsed.success || bySet.has(parsed.data.set)) continue;
    const { set, ...rest } = parsed.data;
    bySet.set(set, rest);
  }
  return bySet;
}
