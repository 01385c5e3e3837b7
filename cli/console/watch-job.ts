// Follows a console job from the CLI until it has started its copy (iiadm's asynchronous -e, -c,
// -u return then) or has ended, drawing a progress bar on a terminal. A job that stays queued
// because its host's agent is silent is cancelled and reported, so a script never hangs on it.
import { isTerminalJobState } from "@/lib/job-states";
import { copyIsRunning } from "@/lib/job-phases";
import type { JobDetail } from "@/server/jobs/job-select";
import type { ConsoleClient } from "./console-client";
import { formatProgressBar, type ProgressFigures } from "./progress-bar";
import { setTimeout as sleep } from "node:timers/promises";

export interface WatchJobOptions {
  until: "started" | "finished";
  /** Draw a progress line on stderr (a terminal). */
  showProgress: boolean;
  pollMs?: number;
  /** A queued job is given up when its host has not been heard from for this long. */
  silentHostMs?: number;
  /** Told each warning the job reported (as the local commands print theirs), once the watch ends. */
  onWarning?: (message: string) => void;
}

export class JobDidNotSucceed extends Error {
  constructor(readonly job: JobDetail) {
    super(job.error ? job.error.message : `job ${job.id} (${job.kind} on host ${job.hostName}) ended ${job.state}`);
  }
}

export async function watchJob(client: ConsoleClient, start: JobDetail, opts: WatchJobOptions): Promise<JobDetail> {
  const pollMs = opts.pollMs ?? 300;
  const silentHostMs = opts.silentHostMs ?? 30_000;
  let job = start;
  let drew = false;
  const clearLine = () => {
    if (drew) process.stderr.write("\r\x1b[K");
    drew = false;
  };
  try {
    for (let polls = 0; ; polls++) {
      if (isTerminalJobState(job.state)) {
        if (job.state !== "succeeded") throw new JobDidNotSucceed(job);
        return job;
      }
      if (opts.until === "started" && job.state === "running" && copyIsRunning(job.phase)) return job;
      if (job.state === "queued" && polls > 0 && polls % Math.max(1, Math.round(5000 / pollMs)) === 0) {
        await giveUpOnSilentHost(client, job, silentHostMs);
      }
      const progress = job.progress as (ProgressFigures & { set?: string }) | null;
      if (opts.showProgress && progress && typeof progress.bytesTotal === "number") {
        process.stderr.write(`\r\x1b[K${formatProgressBar(progress.set ?? job.kind, progress)}`);
        drew = true;
      }
      await sleep(pollMs);
      job = await client.job.get.query({ id: job.id });
    }
  } finally {
    clearLine();
    if (opts.onWarning) await reportWarnings(client, job.id, opts.onWarning);
  }
}

/** The job's warning events so far, in order; a failure to fetch them must not hide the job's own outcome. */
async function reportWarnings(
  client: ConsoleClient,
  jobId: string,
  onWarning: (message: string) => void,
): Promise<void> {
  let after: { attempt: number; seq: number } | null = null;
  try {
    for (;;) {
      const events = await client.job.events.query({ id: jobId, after });
      if (!events.length) return;
      for (const e of events) if (e.type === "warning" && e.message) onWarning(e.message);
      const last = events.at(-1)!;
      after = { attempt: last.attempt, seq: last.seq };
    }
  } catch {
    // The job's result (or its error) is what the caller reports; its warnings stay on its page.
  }
}

async function giveUpOnSilentHost(client: ConsoleClient, job: JobDetail, silentHostMs: number): Promise<void> {
  const host = await client.host.get.query({ name: job.hostName });
  const heardAt = host.lastHeartbeat ? Date.parse(host.lastHeartbeat) : null;
  if (heardAt !== null && Date.now() - heardAt < silentHostMs) return;
  const cancelled = await client.job.cancel.mutate({ id: job.id });
  // Claimed meanwhile: the cancel reaches the agent, and the caller's loop reports how the job ended.
  if (cancelled.state === "running") return;
  throw new Error(
    `host ${job.hostName}: its agent has not been heard from ${heardAt === null ? "yet" : `since ${new Date(heardAt).toISOString()}`}; job ${job.id} (${job.kind}) was cancelled before it started`,
  );
}
