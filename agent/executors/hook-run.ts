// hook.run: one of the agent's named hooks (docs/architecture.md §5–§6). A quiesce arms the agent's freeze
// guard with its resume hook, so the application is thawed within the freeze budget whatever
// happens to the console; a resume disarms it and reports how long the application was frozen.
import { JobFailure } from "@/agent/job-failure";
import { runHook } from "@/agent/run-hook";
import { defineExecutor } from "./executor-kit";

export const hookRun = defineExecutor(
  "hook.run",
  (a) => (typeof a.hook === "string" ? `hook ${a.hook}` : null),
  async (args, ctx) => {
    const guard = ctx.freezeGuard;
    if (args.purpose === "quiesce") {
      const frozen = guard.state;
      if (frozen)
        throw new JobFailure(
          "HOOK_EFROZEN",
          `already quiesced since ${new Date(frozen.since).toISOString()} (resume hook ${frozen.resumeHook})`,
          `hook ${args.hook}`,
        );
      if (!args.resumeHook || !Object.hasOwn(ctx.hooks, args.resumeHook)) {
        throw new JobFailure(
          "HOOK_ENOTFOUND",
          `resumeHook: ${args.resumeHook ?? "(none)"} is not in this agent's config`,
          `hook ${args.resumeHook ?? args.hook}`,
        );
      }
      // The freeze is counted from the quiesce hook's start to the resume hook's end: both hooks'
      // time is time the application cannot write (a runbook reports it apart from the copy).
      const quiesceStartedAt = Date.now();
      try {
        await runHook(ctx.hooks, args.hook, ctx.signal);
      } catch (err) {
        // A quiesce that failed half-way may have frozen part of the application: resume it.
        const resumed = await runHook(ctx.hooks, args.resumeHook).then(
          () => "ran",
          (e: Error) => `also failed: ${e.message}`,
        );
        if (err instanceof JobFailure)
          throw new JobFailure(err.code, `${err.message}; resume hook ${args.resumeHook} ${resumed}`, err.object);
        throw err;
      }
      // The caller's budget (a runbook's) may only shorten the freeze the agent's config allows.
      const budgetMs =
        args.freezeBudgetSeconds === null
          ? ctx.freezeBudgetMs
          : Math.min(ctx.freezeBudgetMs, args.freezeBudgetSeconds * 1000);
      guard.arm(args.resumeHook, budgetMs, quiesceStartedAt);
      ctx.emit({
        type: "log",
        message: `quiesced by hook ${args.hook}; the agent resumes with ${args.resumeHook} after ${budgetMs / 1000} s at the latest`,
      });
      return {
        hook: args.hook,
        purpose: "quiesce",
        frozenSince: new Date(guard.state!.since).toISOString(),
        freezeBudgetSeconds: budgetMs / 1000,
      };
    }
    if (args.purpose === "resume" && !guard.state && guard.lastAutoThaw) {
      // The agent already thawed (budget or console lost): running the hook again would fail, and
      // the caller must know the freeze did not hold as long as it wanted.
      const thaw = guard.lastAutoThaw;
      ctx.emit({ type: "warning", message: `already resumed by the agent: ${thaw.reason}` });
      return { hook: args.hook, purpose: "resume", frozenMs: thaw.frozenMs, resumedByAgent: thaw };
    }
    const outcome = await runHook(ctx.hooks, args.hook, ctx.signal);
    const frozenMs = args.purpose === "resume" ? guard.disarm() : null;
    return { hook: args.hook, purpose: args.purpose, durationMs: outcome.durationMs, frozenMs, resumedByAgent: null };
  },
);
