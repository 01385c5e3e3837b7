// `pitcrew iiadm -H HOST`: iiadm's grammar, output and exit statuses (docs/instant-image.md §1, §4)
// against a host through the console. Every change is a console job run by the host's agent:
// -e (independent), -c and -u return once the copy runs, -w waits for it with a progress bar on
// a terminal, the other actions return when their job has ended. The console refusing a request
// (unknown host or volume, a conflicting job) is a pre-check and exits 1, like iiadm's own
// pre-checks; a job that fails on the host exits 2 with its error code.
import { pitcrewVersion } from "@/cli/install-paths";
import type { HostSetInfo } from "@/server/storage/set-info";
import type { JobDetail } from "@/server/jobs/job-select";
import {
  type ConsoleClient,
  type ConsoleSettings,
  createConsoleClient,
  describeConsoleError,
  isConsoleRefusal,
} from "@/cli/console/console-client";
import { formatProgressBar } from "@/cli/console/progress-bar";
import { JobDidNotSucceed, watchJob } from "@/cli/console/watch-job";
import { confirm } from "./confirm";
import { formatGroups, formatList, formatParams, formatStatus, formatVersion } from "@/lib/format-iiadm-output";
import { reportIiadmError } from "./iiadm-errors";
import { iiadmUsage, IiadmUsageError, parseIiadmArgs, type IiadmRequest } from "./parse-iiadm-args";

const out = (text: string) => process.stdout.write(text);

interface Remote {
  client: ConsoleClient;
  host: string;
}

// As `iiadm --local` prints the engine's warnings (run-local-iiadm.ts).
const printWarning = (message: string) => process.stderr.write(`iiadm: warning: ${message}\n`);

async function runJob(start: Promise<JobDetail>, until: "started" | "finished", remote: Remote): Promise<JobDetail> {
  return watchJob(remote.client, await start, { until, showProgress: process.stderr.isTTY, onWarning: printWarning });
}

async function info(
  remote: Remote,
  target: Parameters<ConsoleClient["set"]["info"]["query"]>[0]["target"],
): Promise<HostSetInfo> {
  return remote.client.set.info.query({ host: remote.host, target });
}

/**
 * iiadm -w: asks the console's set.wait (a long-poll) until every set is settled as the host
 * reports it, then exits 0 only if each copy completed (server/storage/wait-for-sets.ts). While
 * the console cannot know (the host has not reported since its last job ended, its agent is
 * silent), it keeps waiting and says why on stderr, once per new reason.
 */
async function waitForSets(remote: Remote, req: Extract<IiadmRequest, { action: "wait" }>): Promise<number> {
  const tty = process.stderr.isTTY;
  let said = "";
  let bar = false;
  for (;;) {
    const state = await remote.client.set.wait.query({ host: remote.host, target: req.target, timeoutSeconds: 20 });
    if (state.done) {
      if (bar) process.stderr.write("\r\x1b[K");
      let failed = 0;
      for (const s of state.sets) {
        if (s.verdict.state !== "incomplete") continue;
        failed++;
        process.stderr.write(`iiadm: ${s.shadow}: copy did not complete: ${s.verdict.why}\n`);
      }
      return failed ? 2 : 0;
    }
    const unknown = state.sets.find((s) => s.verdict.state === "unknown");
    if (unknown && unknown.verdict.state === "unknown") {
      const why = `${unknown.shadow}: ${unknown.verdict.why}`;
      if (why !== said) {
        if (bar) process.stderr.write("\r\x1b[K");
        bar = false;
        process.stderr.write(`iiadm: waiting: ${why}\n`);
        said = why;
      }
      continue;
    }
    const shown = state.sets.find((s) => s.progress);
    if (tty && shown?.progress) {
      process.stderr.write(`\r\x1b[K${formatProgressBar(shown.shadow, shown.progress)}`);
      bar = true;
    }
  }
}

async function dispatch(remote: Remote, req: IiadmRequest): Promise<number> {
  const host = remote.host;
  const set = remote.client.set;
  switch (req.action) {
    case "help":
      out(iiadmUsage());
      return 0;
    case "version":
      out(formatVersion(await pitcrewVersion()));
      return 0;
    case "list": {
      const sets = (await info(remote, { kind: "all" })).sets.filter(
        (s) => req.group === null || (s.group ?? "") === req.group,
      );
      out(
        formatList(
          sets.map((s) => ({
            mode: s.mode,
            master: s.master,
            shadow: s.shadow,
            bitmap: s.bitmap,
            suspended: s.suspended !== null,
          })),
        ),
      );
      return 0;
    }
    case "listGroups": {
      const groups = new Set(
        (await info(remote, { kind: "all" })).sets.map((s) => s.group).filter((g): g is string => !!g),
      );
      out(formatGroups([...groups].sort()));
      return 0;
    }
    case "listOverflow":
      return 0; // no overflow volumes without compact dependent sets
    case "status": {
      const state = await info(remote, req.target);
      // The console's mirror of the host, older than its last job: say so rather than pass it off as now.
      if (state.stale) printWarning(`these statuses may be out of date: ${state.stale}`);
      out(formatStatus(state.sets, { showProgress: process.stdout.isTTY }));
      return 0;
    }
    case "enable":
      await runJob(
        set.enable.mutate({
          host,
          type: req.type,
          master: req.master,
          shadow: req.shadow,
          bitmap: req.bitmap,
          group: req.group,
          consistency: req.consistency,
        }),
        req.type === "ind" ? "started" : "finished",
        remote,
      );
      return 0;
    case "disable":
      await runJob(set.disable.mutate({ host, target: req.target }), "finished", remote);
      return 0;
    case "update":
    case "copy": {
      if (req.direction === "m") {
        const what = req.target.kind === "group" ? "every master in this group" : "the master volume";
        if (!(await confirm(`Overwrite ${what} on ${host} with the shadow?`, req.modifiers.noPrompt))) return 1;
      }
      const mutation = req.action === "copy" ? set.copy : set.update;
      await runJob(mutation.mutate({ host, target: req.target, direction: req.direction }), "started", remote);
      return 0;
    }
    case "wait":
      return waitForSets(remote, req);
    case "abort": {
      const { cancelled, job } = await set.abort.mutate({ host, target: req.target });
      // A cancelled copy job ends "cancelled": that is the abort succeeding.
      for (const c of cancelled) {
        await watchJob(remote.client, c, { until: "finished", showProgress: false }).catch((err: unknown) => {
          if (!(err instanceof JobDidNotSucceed) || err.job.state !== "cancelled") throw err;
        });
      }
      if (job) await runJob(Promise.resolve(job), "finished", remote);
      return 0;
    }
    case "export":
      await runJob(set.export.mutate({ host, target: req.target }), "finished", remote);
      return 0;
    case "reset":
      await runJob(set.reset.mutate({ host, target: req.target }), "finished", remote);
      return 0;
    case "params": {
      if (req.delay !== null && req.unit !== null) {
        await runJob(
          set.params.mutate({ host, target: req.target, delay: req.delay, unit: req.unit }),
          "finished",
          remote,
        );
        return 0;
      }
      for (const s of (await info(remote, req.target)).sets)
        out(formatParams(s.shadow, s.throttle.delay, s.throttle.unit));
      return 0;
    }
    case "import":
      await runJob(set.import.mutate({ host, shadow: req.shadow, bitmap: req.bitmap }), "finished", remote);
      return 0;
    case "join": {
      try {
        await runJob(
          set.join.mutate({ host, shadow: req.shadow, bitmap: req.bitmap, force: req.modifiers.noPrompt }),
          "finished",
          remote,
        );
      } catch (err) {
        // Like iiadm, ask before using a bitmap the importer never disabled (only on a terminal).
        if (
          !(err instanceof JobDidNotSucceed) ||
          err.job.error?.code !== "DSW_EINVALBMP" ||
          req.modifiers.noPrompt ||
          !process.stdin.isTTY
        )
          throw err;
        if (!(await confirm(`${err.message}. Use it anyway?`, false))) return 1;
        await runJob(
          set.join.mutate({ host, shadow: req.shadow, bitmap: req.bitmap, force: true }),
          "finished",
          remote,
        );
      }
      return 0;
    }
    case "move":
      await runJob(set.move.mutate({ host, group: req.group, sets: req.sets }), "finished", remote);
      return 0;
    case "attachOverflow":
    case "detachOverflow":
    case "initOverflow":
    case "overflowStatus":
      process.stderr.write(
        "iiadm: overflow volumes belong to compact dependent sets, which need copy-on-write in the write path: not supported yet (DSW_ENOTSUP)\n",
      );
      return 2;
  }
}

export async function runRemoteIiadm(argv: string[], host: string, settings: ConsoleSettings): Promise<number> {
  let req: IiadmRequest;
  try {
    req = parseIiadmArgs(argv);
    if (req.modifiers.pidLock) {
      throw new IiadmUsageError(
        `-p works only with --local: a PID lock names a process on the host itself, not on this machine (host ${host})`,
        1,
      );
    }
  } catch (err) {
    return reportIiadmError(err);
  }
  try {
    return await dispatch({ client: createConsoleClient(settings), host }, req);
  } catch (err) {
    if (err instanceof JobDidNotSucceed) {
      const e = err.job.error;
      process.stderr.write(e ? `iiadm: ${e.message} (${e.code})\n` : `iiadm: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`iiadm: ${describeConsoleError(err, settings)}\n`);
    return isConsoleRefusal(err) ? 1 : 2;
  }
}
