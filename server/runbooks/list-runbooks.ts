import "server-only";
// Runbooks with their last run, next scheduled time and whether they need attention: a failed
// last run, or a schedule that is overdue (its slot passed a minute ago and no run started).
import type { RunbookSpec } from "@/lib/runbook-spec";
import { prisma } from "@/server/db";
import { parseStoredSpec } from "@/server/runbooks/parse-stored-spec";
import { type RunSummary, runSummarySelect, toRunSummary } from "@/server/runbooks/run-select";

/** A scheduled slot this late without a run is overdue (the console was down, or the driver is stuck). */
export const OVERDUE_AFTER_MS = 60_000;

export interface RunbookListItem {
  id: string;
  name: string;
  spec: RunbookSpec;
  nextRunAt: string | null;
  updatedAt: string;
  lastRun: RunSummary | null;
  overdue: boolean;
}

export async function listRunbooks(now = new Date()): Promise<RunbookListItem[]> {
  const rows = await prisma.runbook.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      specJson: true,
      nextRunAt: true,
      updatedAt: true,
      runs: { orderBy: { createdAt: "desc" }, take: 1, select: runSummarySelect },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    spec: parseStoredSpec(r.specJson, `runbook ${r.name}`),
    nextRunAt: r.nextRunAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
    lastRun: r.runs[0] ? toRunSummary(r.runs[0]) : null,
    overdue: r.nextRunAt !== null && now.getTime() - r.nextRunAt.getTime() > OVERDUE_AFTER_MS,
  }));
}

export async function getRunbook(name: string): Promise<RunbookListItem | null> {
  return (await listRunbooks()).find((r) => r.name === name) ?? null;
}

export async function listRuns(input: { runbookName?: string; limit?: number }): Promise<RunSummary[]> {
  const rows = await prisma.runbookRun.findMany({
    where: input.runbookName ? { runbook: { name: input.runbookName } } : {},
    orderBy: { createdAt: "desc" },
    take: input.limit ?? 50,
    select: runSummarySelect,
  });
  return rows.map(toRunSummary);
}
