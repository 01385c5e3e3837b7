// `pitcrew runbook …`: LAN-free backup runbooks through the console (issue 6). Operators keep
// runbooks as YAML or JSON in version control and apply them; `run --wait` and `resume --wait`
// follow a run step by step and exit non-zero naming the step, host and error when it fails.
//
// Exit status: 0 done; 1 the console refused (bad file, unknown runbook, pre-check failed);
// 2 usage; 3 the run failed or was cancelled (with --wait; for rejoin: the shadows did not come home).
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { formatDuration } from "@/lib/format-duration";
import { readJobProgress } from "@/lib/job-progress";
import { runbookAttention } from "@/lib/runbook-attention";
import { runbookStepInfo, type RunbookStepKey } from "@/lib/runbook-steps";
import { isActiveRunState } from "@/lib/run-states";
import { formatProgressBar } from "@/cli/console/progress-bar";
import {
  ConsoleSettingsError,
  type ConsoleClient,
  consoleSettingsFromEnv,
  createConsoleClient,
  describeConsoleError,
} from "@/cli/console/console-client";
import type { RunDetail, RunSummary } from "@/server/runbooks/run-select";
import { setTimeout as sleep } from "node:timers/promises";

const USAGE = `usage: pitcrew runbook COMMAND
  apply FILE            create or update a runbook from a YAML or JSON file
  list                  runbooks with their last run and next scheduled time
  delete NAME           delete a runbook (its runs and archives stay as history)
  run NAME [--wait]     start a run (--wait follows it step by step)
  resume RUN [--wait]   resume a failed run from the failed step
  status RUN            a run's steps, custody, freeze and copy time, warnings and error
  cancel RUN            cancel a run (the application is thawed if the run froze it)
  approve RUN           let a run waiting at the rejoin gate go on
  rejoin RUN [--wait] [--without-backup-host]
                        bring a cancelled run's shadows home (release on the backup host, join on
                        production); --without-backup-host when that host is gone for good: take the
                        snapshot disk group over and join without it (the next update rescans)
Console and token: PITCREW_URL, PITCREW_TOKEN. Exit status: 0 done, 1 refused, 2 usage, 3 run failed or cancelled.
`;

class UsageError extends Error {}
class RunEnded extends Error {
  constructor(readonly run: RunSummary) {
    super(`run ${run.id} ${run.state}`);
  }
}

const POLL_MS = 1_000;
const stepTitle = (key: string) => runbookStepInfo[key as RunbookStepKey]?.title ?? key;
const out = (line: string) => process.stdout.write(`${line}\n`);

export async function readRunbookFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new UsageError(`${file} is not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new UsageError(`${file}: a runbook is a mapping (name: …, group: …)`);
  return value as Record<string, unknown>;
}

/** The freeze and the copy apart: with every set instant, the application writes during most of the copy. */
function copyTime(run: RunSummary): string {
  return run.copyMs === null ? "copy not done yet" : `copy ${(run.copyMs / 1000).toFixed(1)} s`;
}

function describeError(run: RunSummary): string {
  const e = run.error;
  if (!e) return `run ${run.id} ${run.state}`;
  return `run ${run.id} ${run.state} at step ${e.step} (${stepTitle(e.step)})${e.host ? ` on ${e.host}` : ""}: ${e.message}${e.code ? ` [${e.code}]` : ""}`;
}

export function formatRunStatus(run: RunDetail): string {
  const lines = [
    `run ${run.id} of ${run.runbookName}: ${run.state}${isActiveRunState(run.state) ? `, step ${run.stepKey} (${stepTitle(run.stepKey)})` : ""}`,
    `  started ${run.createdAt} by ${run.requestedBy} (${run.trigger})${run.finishedAt ? `, ended ${run.finishedAt} after ${formatDuration((run.durationMs ?? 0) / 1000)}` : ""}`,
    `  point in time ${run.pointInTime ?? "not taken yet"}; application frozen ${(run.frozenMs / 1000).toFixed(1)} s${run.frozenSince ? ` (quiesced since ${run.frozenSince})` : ""}; ${copyTime(run)}`,
    ...run.warnings.map((w) => `  warning: ${w}`),
  ];
  if (run.backupWrites !== null)
    lines.push(
      `  written on ${run.spec.backupHost}: ${run.backupWrites} chunk(s); the master's data wins at the update`,
    );
  if (run.error) lines.push(`  error: ${describeError(run)}`);
  if (run.rejoinRequestedAt) {
    const how = run.rejoinForced ? " without the backup host" : "";
    lines.push(
      `  shadows ${run.rejoinedAt ? `brought home${how} at ${run.rejoinedAt}` : `being brought home${how} (asked at ${run.rejoinRequestedAt})`}`,
    );
  }
  lines.push("  steps:");
  for (const s of run.steps) {
    const took = s.finishedAt ? formatDuration((Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000) : "…";
    lines.push(
      `    ${s.key.padEnd(8)} ${s.hostName.padEnd(10)} ${s.state.padEnd(9)} ${took}${s.attempt > 1 ? `  (attempt ${s.attempt})` : ""}${s.errorMessage ? `  ${s.errorMessage}` : ""}`,
    );
  }
  lines.push("  custody of the snapshot disk group:");
  for (const c of run.custody) lines.push(`    ${c.at}  ${(c.holder ?? "nobody").padEnd(10)} ${c.note}`);
  for (const a of run.archives)
    lines.push(`  archive ${a.dir} on ${a.hostName}${a.deletedAt ? ` (deleted ${a.deletedAt})` : ""}`);
  return lines.join("\n");
}

/** Prints each step's new log lines as they come, a progress bar on a terminal, and ends with the run. */
async function follow(client: ConsoleClient, runId: string): Promise<RunDetail> {
  const printed = new Map<string, number>();
  let barShown = false;
  for (;;) {
    const run = await client.runbook.runGet.query({ id: runId });
    for (const step of run.steps) {
      const key = `${step.key}#${step.attempt}`;
      const seen = printed.get(key);
      if (seen === undefined) {
        if (barShown) process.stderr.write("\n");
        barShown = false;
        out(
          `step ${step.key} (${stepTitle(step.key)}) on ${step.hostName}${step.attempt > 1 ? `, attempt ${step.attempt}` : ""}`,
        );
      }
      for (const line of step.log.slice(seen ?? 0)) {
        if (barShown) process.stderr.write("\n");
        barShown = false;
        out(`  ${line.at.slice(11, 19)} ${line.message}`);
      }
      printed.set(key, step.log.length);
    }
    if (!isActiveRunState(run.state)) {
      if (barShown) process.stderr.write("\n");
      return run;
    }
    const current = run.steps.findLast((s) => s.key === run.stepKey && s.state === "running");
    const jobId = current?.jobIds[current.cursor];
    if (process.stderr.isTTY && jobId) {
      const job = await client.job.get.query({ id: jobId });
      const p = readJobProgress(job.progress);
      if (p && job.state === "running") {
        process.stderr.write(`\r${formatProgressBar(`${run.stepKey}:`, p)}\x1b[K`);
        barShown = true;
      }
    }
    await sleep(POLL_MS);
  }
}

async function followAndReport(client: ConsoleClient, started: RunSummary): Promise<void> {
  out(`run ${started.id} of ${started.runbookName} started`);
  const run = await follow(client, started.id);
  if (run.state !== "succeeded") throw new RunEnded(run);
  out(
    `run ${run.id} succeeded in ${formatDuration((run.durationMs ?? 0) / 1000)}; application frozen ${(run.frozenMs / 1000).toFixed(1)} s; point in time ${run.pointInTime ?? "none"}; ${copyTime(run)}`,
  );
  for (const w of run.warnings) out(`warning: ${w}`);
}

function formatList(items: Awaited<ReturnType<ConsoleClient["runbook"]["list"]["query"]>>): string {
  if (!items.length) return "no runbooks (pitcrew runbook apply FILE creates one)\n";
  return `${items
    .map((r) => {
      const last = r.lastRun ? `last run ${r.lastRun.id} ${r.lastRun.state} (${r.lastRun.createdAt})` : "never run";
      const schedule = r.spec.schedule
        ? `schedule "${r.spec.schedule}", next ${r.nextRunAt ?? "never"}${r.overdue ? " OVERDUE" : ""}`
        : "no schedule";
      const away = runbookAttention(r).some((b) => b.label === "shadows away")
        ? `; SHADOWS AWAY (pitcrew runbook rejoin ${r.lastRun!.id})`
        : "";
      return `${r.name}: group ${r.spec.group}, ${r.spec.productionHost} → ${r.spec.backupHost} via ${r.spec.snapshotDiskGroup}; ${schedule}; ${last}${away}`;
    })
    .join("\n")}\n`;
}

export async function runRunbook(argv: string[]): Promise<number> {
  let settings;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        wait: { type: "boolean", short: "w" },
        "without-backup-host": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const [command, ...operands] = positionals;
    const one = (what: string) => {
      if (operands.length !== 1) throw new UsageError(`${command} takes one ${what}`);
      return operands[0]!;
    };
    if (values.wait && !["run", "resume", "rejoin"].includes(command ?? ""))
      throw new UsageError("--wait goes with run, resume or rejoin");
    if (values["without-backup-host"] && command !== "rejoin")
      throw new UsageError("--without-backup-host goes with rejoin");
    if (!command) throw new UsageError("name a command");
    const body = command === "apply" ? await readRunbookFile(one("FILE")) : null;
    settings = consoleSettingsFromEnv();
    const client = createConsoleClient(settings);
    switch (command) {
      case "apply": {
        const r = await client.runbook.save.mutate({ spec: body! });
        out(`runbook ${r.name} ${r.created ? "created" : "updated"}`);
        return 0;
      }
      case "list":
        if (operands.length) throw new UsageError("list takes no operand");
        process.stdout.write(formatList(await client.runbook.list.query()));
        return 0;
      case "delete": {
        const r = await client.runbook.delete.mutate({ name: one("runbook NAME") });
        out(`runbook ${r.name} deleted; its ${r.keptRuns} run(s) and ${r.keptArchives} archive(s) stay as history`);
        return 0;
      }
      case "run": {
        const started = await client.runbook.run.mutate({ name: one("runbook NAME") });
        if (values.wait) await followAndReport(client, started);
        else out(`run ${started.id} of ${started.runbookName} started (pitcrew runbook status ${started.id})`);
        return 0;
      }
      case "resume": {
        const resumed = await client.runbook.resume.mutate({ id: one("RUN id") });
        if (values.wait) await followAndReport(client, resumed);
        else out(`run ${resumed.id} resumed at step ${resumed.stepKey}`);
        return 0;
      }
      case "status":
        out(formatRunStatus(await client.runbook.runGet.query({ id: one("RUN id") })));
        return 0;
      case "cancel": {
        const r = await client.runbook.cancel.mutate({ id: one("RUN id") });
        out(
          `run ${r.id}: ${r.state === "cancelled" ? "cancelled" : "cancel requested; it stops at the current job's next chunk and thaws the application if it froze it"}`,
        );
        return 0;
      }
      case "rejoin": {
        const withoutBackupHost = values["without-backup-host"] === true;
        const r = await client.runbook.rejoin.mutate({ id: one("RUN id"), withoutBackupHost });
        if (!values.wait) {
          out(
            withoutBackupHost
              ? `run ${r.id}: bringing its shadows home without the backup host: rejoin on the production host, taking the disk group over (pitcrew runbook status ${r.id})`
              : `run ${r.id}: bringing its shadows home: release on the backup host, rejoin on the production host (pitcrew runbook status ${r.id})`,
          );
          return 0;
        }
        out(`run ${r.id} of ${r.runbookName}: bringing its shadows home`);
        const run = await follow(client, r.id);
        if (!run.rejoinedAt) throw new RunEnded(run);
        out(
          `run ${run.id}: shadows brought home${run.rejoinForced ? " without the backup host" : ""} at ${run.rejoinedAt}; the next run can start${run.rejoinForced ? " (its update scans every shadow)" : ""}`,
        );
        return 0;
      }
      case "approve": {
        const r = await client.runbook.approve.mutate({ id: one("RUN id") });
        out(
          `run ${r.id}: rejoin approved (${r.backupWrites ?? "unknown"} chunk(s) written on the backup host will be overwritten by the master's data)`,
        );
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`pitcrew runbook: ${(err as Error).message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConsoleSettingsError) {
      process.stderr.write(`pitcrew runbook: ${err.message}\n`);
      return 2;
    }
    if (err instanceof RunEnded) {
      process.stderr.write(`pitcrew runbook: ${describeError(err.run)}\n`);
      return 3;
    }
    process.stderr.write(`pitcrew runbook: error: ${describeConsoleError(err, settings)}\n`);
    return 1;
  }
}
