import "server-only";
// The run driver's writes. Every change is a conditional update on RunbookRun.version, so several
// console processes may drive one run: the one that loses a race gets StaleRun, re-reads and
// finds the work done. A change of state is checked first (check-run-transition.ts).
import type { Prisma } from "@/generated/sqlite/client";
import type { RunState } from "@/lib/run-states";
import type { RunStepState } from "@/lib/run-step-states";
import { inTransaction } from "@/server/db-transaction";
import { checkRunStepTransition, checkRunTransition } from "@/server/runbooks/check-run-transition";
import type { StepLogLine } from "@/server/runbooks/run-json-columns";
import type { RunRow, RunStepRow } from "@/server/runbooks/run-select";

/** Another console process changed the run first. */
export class StaleRun extends Error {}

export type Tx = Prisma.TransactionClient;

/** What a move changes on a run; `state` only along lib/run-states.ts. */
export type RunChange = Omit<Prisma.RunbookRunUpdateManyMutationInput, "state" | "version"> & { state?: RunState };

/** Applies `change` to the run if nobody changed it since it was read, with `extra` in the same transaction. */
export async function commitRun(run: RunRow, change: RunChange, extra?: (tx: Tx) => Promise<void>): Promise<void> {
  if (change.state !== undefined) checkRunTransition(run, change.state);
  await inTransaction(async (tx) => {
    const { count } = await tx.runbookRun.updateMany({
      where: { id: run.id, version: run.version },
      data: { ...change, version: { increment: 1 } },
    });
    if (count === 0) throw new StaleRun();
    if (extra) await extra(tx);
  });
}

/** Ends a step (inside a commitRun's transaction, so an illegal end writes nothing at all). */
export async function endRunStep(
  tx: Tx,
  step: RunStepRow,
  state: RunStepState,
  data: { finishedAt: Date; errorMessage?: string; logJson?: string },
): Promise<void> {
  checkRunStepTransition(step, state);
  await tx.runbookStep.update({ where: { id: step.id }, data: { ...data, state } });
}

/** The step's log with `messages` appended, as stored. */
export function appendLog(log: readonly StepLogLine[], now: Date, ...messages: string[]): string {
  return JSON.stringify([...log, ...messages.map((message) => ({ at: now.toISOString(), message }))]);
}
