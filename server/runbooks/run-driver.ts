import "server-only";
// Drives runbook runs in each console process: every second it advances the active runs, and
// every few seconds starts the scheduled runs that are due. Safe with several console processes
// (server/runbooks/advance-run.ts and start-due-schedules.ts explain why).
import { activeRunStates } from "@/lib/run-states";
import { prisma } from "@/server/db";
import { advanceRun } from "@/server/runbooks/advance-run";
import { startDueSchedules } from "@/server/runbooks/start-due-schedules";

const TICK_MS = 1_000;
const SCHEDULE_EVERY_TICKS = 5;

export async function advanceActiveRuns(): Promise<void> {
  const runs = await prisma.runbookRun.findMany({ where: { state: { in: [...activeRunStates] } }, select: { id: true }, orderBy: { createdAt: "asc" } });
  for (const run of runs) {
    try {
      await advanceRun(run.id);
    } catch (err) {
      console.error(`pitcrew: runbook run ${run.id}: ${(err as Error).stack ?? String(err)}`);
    }
  }
}

export function startRunDriver(): NodeJS.Timeout {
  let busy = false;
  let tick = 0;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    tick++;
    const work = async () => {
      if (tick % SCHEDULE_EVERY_TICKS === 0) await startDueSchedules();
      await advanceActiveRuns();
    };
    work().catch((err: unknown) => console.error(`pitcrew: run driver: ${(err as Error).message}`)).finally(() => { busy = false; });
  }, TICK_MS);
  timer.unref();
  return timer;
}
