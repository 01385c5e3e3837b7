import "server-only";
// The freeze's hook jobs in a run: a quiesce starts the freeze, a resume ends it and adds how
// long the application was frozen. A resume the agent had to make by itself (the freeze budget
// ran out) fails the run even though the hook job succeeded: the point in time is not trusted.
import { resultOf } from "@/lib/job-results";
import type { RunbookAction } from "@/lib/runbook-steps";
import { type JobEffects, type JobOutcome, logSeconds, noEffects } from "@/server/runbooks/job-outcome";
import type { RunRow } from "@/server/runbooks/run-select";

export function hookEffects(run: RunRow, action: RunbookAction, job: JobOutcome): JobEffects {
  const r = resultOf(job, "hook.run");
  if (action.args.purpose === "quiesce") {
    const since = r.frozenSince !== undefined ? new Date(r.frozenSince) : job.finishedAt;
    // A new freeze: a resume issued during an earlier attempt's copy is not this one's.
    return {
      run: { frozenSince: since, resumeJobId: null },
      log: [
        `application quiesced; the agent thaws it after ${String(r.freezeBudgetSeconds ?? run.spec.freezeBudgetSeconds)} s at the latest`,
      ],
    };
  }
  if (action.args.purpose !== "resume") return noEffects();
  // Issued and taken in while the copy went on (freeze-during-copy.ts): counted then.
  if (run.frozenSince === null && !r.resumedByAgent)
    return { run: {}, log: ["the application had resumed while the copy went on"] };
  const byAgent = r.resumedByAgent;
  const frozenMs = r.frozenMs ?? byAgent?.frozenMs ?? 0;
  const runData = { frozenSince: null, frozenMs: run.frozenMs + frozenMs };
  if (byAgent) {
    return {
      run: runData,
      log: [],
      failure: {
        code: "FREEZE_BUDGET_EXCEEDED",
        message:
          `the agent of ${action.host} had already thawed the application by itself (${byAgent.reason}) after ${logSeconds(byAgent.frozenMs)}: ` +
          `the update may not have finished under quiesce, so this point in time is not trusted; raise freezeBudgetSeconds (in the runbook and the agent config) and resume the run`,
        object: `hook ${String(action.args.hook)}`,
      },
    };
  }
  return { run: runData, log: [`application frozen ${logSeconds(frozenMs)}`] };
}
