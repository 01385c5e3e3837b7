// What the console-mode dg, vol and svadm commands share: connect with PITCREW_URL and
// PITCREW_TOKEN, run one body, and turn every failure into a line naming the object plus the
// exit status scripts test, as README "Through the console" states for every remote command:
// 1 the console refused the request (nothing ran on the host), 2 usage, or a job that ended
// failed, interrupted or cancelled on the host (it may have stopped part-way: a script must not
// treat it like a refusal it can simply retry).
import {
  ConsoleSettingsError,
  type ConsoleClient,
  consoleSettingsFromEnv,
  createConsoleClient,
  describeConsoleError,
} from "./console-client";
import { JobDidNotSucceed, watchJob } from "./watch-job";
import type { JobDetail } from "@/server/jobs/job-select";

export class CommandUsageError extends Error {}

export async function runConsoleCommand(
  prefix: string,
  usage: string,
  body: (client: ConsoleClient) => Promise<void>,
): Promise<number> {
  let settings;
  try {
    settings = consoleSettingsFromEnv();
    await body(createConsoleClient(settings));
    return 0;
  } catch (err) {
    if (err instanceof CommandUsageError || (err as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`${prefix}: ${(err as Error).message}\n${usage}`);
      return 2;
    }
    if (err instanceof ConsoleSettingsError) {
      process.stderr.write(`${prefix}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof JobDidNotSucceed) {
      const e = err.job.error;
      process.stderr.write(`${prefix}: error: ${e ? `${e.message} (${e.code})` : err.message}\n`);
      return 2;
    }
    process.stderr.write(`${prefix}: error: ${describeConsoleError(err, settings)}\n`);
    return 1;
  }
}

/** Runs a queued job to its end, with a progress bar on a terminal; throws JobDidNotSucceed. */
export async function finishJob(client: ConsoleClient, start: Promise<JobDetail>): Promise<JobDetail> {
  return watchJob(client, await start, { until: "finished", showProgress: process.stderr.isTTY });
}
