// Runs one claimed job (docs/architecture.md §4, §10 rule 8): its executor under an AbortController,
// phase/log/progress events through a numbered event buffer, cancellation learnt from the events
// response or the heartbeat (a running copy is aborted through the engine and left "copy not
// active"), and one finish: succeeded with the result, failed with {code, message, object}, or
// cancelled.
import type { EngineContext } from "@/engine/engine-context";
import { abortCopies } from "@/engine/set-control";
import type { ClaimedJob, Inventory } from "@/lib/agent-protocol";
import { ApiError, type AgentApi, type JobFinishRequest } from "./api-client";
import { EventBuffer, type NewEvent } from "./event-buffer";
import { executorFor } from "./executor-registry";
import { FreezeGuard } from "./freeze-guard";
import { toJobError } from "./job-failure";
import { type HookTable, runHook } from "./run-hook";
import { setTimeout as sleep } from "node:timers/promises";

export interface JobRunnerDeps {
  api: AgentApi;
  engine: EngineContext;
  roots: readonly string[];
  archiveRoots?: readonly string[];
  tapeDevices?: readonly string[];
  hooks?: HookTable;
  freezeBudgetMs?: number;
  /** Shared by every job of the agent: a quiesce in one job is resumed by another. */
  freezeGuard?: FreezeGuard;
  hostName: string;
  log: (line: string) => void;
  /** The host's inventory, sent with the finish (see jobFinishRequestSchema). */
  collectInventory?: () => Promise<Inventory>;
  flushEveryMs?: number;
  finishAttempts?: number;
  retryBackoffMs?: number;
}

export type JobOutcome = JobFinishRequest["outcome"];

export class JobRun {
  private readonly controller = new AbortController();
  private readonly copySets = new Set<string>();
  private readonly buffer: EventBuffer;
  private aborting: Promise<void> = Promise.resolve();

  constructor(
    readonly job: ClaimedJob,
    private readonly deps: JobRunnerDeps,
  ) {
    this.buffer = new EventBuffer({
      send: (events) => deps.api.events(job.id, { attempt: job.attempt, events }),
      onResponse: (res) => {
        if (res.cancelRequested) this.cancel("the console asked to cancel the job");
      },
      onError: (err) => {
        // The console gave the job to someone else (our lease expired): stop working on it.
        if (err instanceof ApiError && err.code === "LEASE_LOST")
          this.cancel("the console says this agent lost the job's lease");
        else deps.log(`job ${job.id}: sending events failed (will retry): ${(err as Error).message}`);
      },
      flushEveryMs: deps.flushEveryMs,
    });
  }

  get cancelled(): boolean {
    return this.controller.signal.aborted;
  }

  emit(event: NewEvent): void {
    this.buffer.push(event);
    // A runbook may hold the application quiesced until it learns of this: send it now, not at the next flush.
    // Only when every set was cloned: a scan-mode set's point in time is the end of its copy.
    if (event.type === "point-in-time" && event.pointInTime?.sets.every((s) => s.mode === "instant")) {
      void this.buffer.flush().catch(() => {});
    }
  }

  /** Stops the job: aborts the copies it runs (the executor then sees "copy not active"). */
  cancel(reason: string): void {
    if (this.controller.signal.aborted) return;
    this.controller.abort(new Error(reason));
    this.emit({ type: "log", message: `cancelling: ${reason}` });
    this.abortCopies();
  }

  private abortCopies(): void {
    const sets = [...this.copySets];
    if (!sets.length) return;
    this.aborting = this.aborting
      .then(() => abortCopies(this.deps.engine, { kind: "sets", sets }))
      .then(
        () => this.emit({ type: "log", message: `aborted the copy of ${sets.join(", ")}` }),
        (err: Error) =>
          this.emit({ type: "warning", message: `aborting the copy of ${sets.join(", ")} failed: ${err.message}` }),
      );
  }

  async run(): Promise<JobOutcome> {
    const { job, deps } = this;
    const executor = executorFor(job.kind);
    this.emit({ type: "phase", message: `started ${job.kind} (attempt ${job.attempt})` });
    this.buffer.start();
    let finish: JobFinishRequest;
    try {
      if (!executor) {
        finish = {
          attempt: job.attempt,
          outcome: "failed",
          result: null,
          error: { code: "UNKNOWN_KIND", message: `this agent does not know job kind ${job.kind}`, object: null },
        };
      } else if (this.cancelled) {
        finish = { attempt: job.attempt, outcome: "cancelled", result: null, error: null };
      } else {
        const engine: EngineContext = { ...deps.engine, warn: (message) => this.emit({ type: "warning", message }) };
        try {
          const result = await executor.execute(job.args, {
            engine,
            roots: deps.roots,
            archiveRoots: deps.archiveRoots ?? [],
            tapeDevices: deps.tapeDevices ?? [],
            hooks: deps.hooks ?? {},
            freezeBudgetMs: deps.freezeBudgetMs ?? 10_000,
            freezeGuard:
              deps.freezeGuard ??
              new FreezeGuard(async (hook) => void (await runHook(deps.hooks ?? {}, hook)), deps.log),
            hostName: deps.hostName,
            signal: this.controller.signal,
            emit: (e) => this.emit(e),
            copiesStarted: (sets) => {
              for (const s of sets) this.copySets.add(s);
              if (this.cancelled) this.abortCopies();
            },
          });
          finish = { attempt: job.attempt, outcome: "succeeded", result, error: null };
        } catch (err) {
          const error = toJobError(err, executor.object(job.args));
          finish = this.cancelled
            ? { attempt: job.attempt, outcome: "cancelled", result: null, error }
            : { attempt: job.attempt, outcome: "failed", result: null, error };
        }
      }
      await this.aborting;
      this.emit({ type: "phase", message: finish.outcome });
    } finally {
      this.buffer.stop();
    }
    try {
      await this.buffer.drain(deps.finishAttempts ?? 5, deps.retryBackoffMs ?? 500);
    } catch (err) {
      deps.log(`job ${job.id}: ${this.buffer.unsent.length} event(s) could not be sent: ${(err as Error).message}`);
    }
    if (deps.collectInventory) {
      // Best effort: a failed collection must not lose the outcome; the next heartbeat carries it.
      finish.inventory = await deps.collectInventory().catch((err: Error) => {
        deps.log(`job ${job.id}: collecting the inventory failed: ${err.message}`);
        return undefined;
      });
    }
    await this.sendFinish(finish);
    return finish.outcome;
  }

  private async sendFinish(finish: JobFinishRequest): Promise<void> {
    const attempts = this.deps.finishAttempts ?? 10;
    for (let i = 1; ; i++) {
      try {
        await this.deps.api.finish(this.job.id, finish);
        this.deps.log(
          `job ${this.job.id} (${this.job.kind}) ${finish.outcome}${finish.error ? `: ${finish.error.message}` : ""}`,
        );
        return;
      } catch (err) {
        const retryable = !(err instanceof ApiError) || err.retryable;
        if (!retryable || i >= attempts) {
          this.deps.log(`job ${this.job.id}: reporting ${finish.outcome} failed: ${(err as Error).message}`);
          return;
        }
        await sleep(Math.min((this.deps.retryBackoffMs ?? 500) * 2 ** (i - 1), 10_000));
      }
    }
  }
}
