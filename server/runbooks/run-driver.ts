import "server-only";
// Drives runbook runs in each console process: whenever a job ends here and every second it
// advances the active runs, and every few seconds starts the scheduled runs that are due. Safe
// with several console processes (server/runbooks/advance-run.ts and start-due-schedules.ts
// explain why).
import { activeRunStates } from "@/lib/run-states";
import { prisma } from "@/server/db";
import { onJobEnded, onJobMilestone } from "@/server/jobs/job-wakeups";
import { advanceRun } from "@/server/runbooks/advance-run";
import { startDueSchedules } from "@/server/runbooks/start-due-schedules";

const TICK_MS = 1_000;
const SCHEDULE_EVERY_TICKS = 5;

export async function advanceActiveRuns(): Promise<void> {
  const runs = await prisma.runbookRun.findMany({
    where: { state: { in: [...activeRunStates] } },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
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
  let again = false;
  let schedulesDue = false;
  let tick = 0;
  const pass = (withSchedules: boolean) => {
    schedulesDue ||= withSchedules;
    if (busy) {
      again = true; // something happened during this pass: look again as soon as it is done
      return;
    }
    busy = true;
    const schedules = schedulesDue;
    schedulesDue = false;
    const work = async () => {
      if (schedules) await startDueSchedules();
      await advanceActiveRuns();
    };
    work()
      .catch((err: unknown) => console.error(`pitcrew: run driver: ${(err as Error).message}`))
      .finally(() => {
        busy = false;
        if (again) {
          again = false;
          pass(false);
        }
      });
  };
  // A run's next job is issued as soon as its last one ends here, not at the next tick: inside a
  // freeze those waits were most of the time the application stayed frozen.
  onJobEnded(() => pass(false));
  // Likewise a copy's point in time: with every set cloned, the resume hook goes out at once.
  onJobMilestone(() => pass(false));
  const timer = setInterval(() => pass(++tick % SCHEDULE_EVERY_TICKS === 0), TICK_MS);
  timer.unref();
  return timer;
}
