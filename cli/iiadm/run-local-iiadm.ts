// `pitcrew iiadm --local`: iiadm's grammar, output and exit statuses (docs/instant-image.md §1, §4),
// driving the engine on this host. Volumes are named by path; the configuration lives in the
// state dir under a lock, like dscfg. Interrupted copies are resumed first, as II resumes sets
// at boot, so a copy killed mid-way continues on the next command.
import { pitcrewVersion } from "@/cli/install-paths";
import { ConfigStore } from "@/engine/config-store";
import { diskGroupDirOf } from "@/engine/disk-group-of-volume";
import type { EngineContext } from "@/engine/engine-context";
import { EngineError } from "@/engine/engine-error";
import { openSet } from "@/engine/open-set";
import { abortCopies, copyParameters, moveToGroup, resumeInterruptedCopies, waitForCopies } from "@/engine/set-control";
import { startCopy } from "@/engine/set-copy-start";
import { disableSets } from "@/engine/set-disable";
import { enableSet } from "@/engine/set-enable";
import { exportSets, importShadow, joinShadow } from "@/engine/set-export-join";
import { resetSets } from "@/engine/set-reset";
import { listGroups, statusOf } from "@/engine/set-status";
import { confirm } from "./confirm";
import { detachedWorkerLauncher, runCopyWorker, WORKER_FLAG } from "./copy-worker";
import {
  formatCopyProgressLine,
  formatGroups,
  formatList,
  formatParams,
  formatStatus,
  formatVersion,
} from "@/lib/format-iiadm-output";
import { reportIiadmError } from "./iiadm-errors";
import { iiadmUsage, parseIiadmArgs, type IiadmRequest } from "./parse-iiadm-args";

const out = (text: string) => process.stdout.write(text);

async function listRows(ctx: EngineContext, group: string | null) {
  const sets = (await ctx.config.read()).sets.filter((s) => group === null || s.group === group);
  return Promise.all(
    sets.map(async (s) => ({
      mode: s.mode === "I" ? ("ind" as const) : ("dep" as const),
      master: s.master,
      shadow: s.shadow,
      bitmap: s.bitmap,
      suspended: await openSet(s, { write: false }).then(
        (o) => o.bitmap.close().then(() => false),
        () => true,
      ),
    })),
  );
}

async function waitAndReport(ctx: EngineContext, req: Extract<IiadmRequest, { action: "wait" }>): Promise<number> {
  const tty = process.stderr.isTTY;
  const results = await waitForCopies(ctx, req.target, (set, p) => {
    if (tty) process.stderr.write(`\r\x1b[K${set}: ${formatCopyProgressLine(p)}`);
  });
  if (tty) process.stderr.write("\r\x1b[K");
  if (req.modifiers.pidLock) {
    await ctx.config.update((config) => {
      for (const r of config.sets.filter((s) => results.some((w) => w.set === s.shadow))) {
        if (!r.lockPid) throw new EngineError("DSW_ENOTLOCKED", `${r.shadow}: not locked`, "Wait failed");
        if (r.lockPid !== process.ppid && !req.modifiers.noPrompt) {
          throw new EngineError("DSW_EINUSE", `${r.shadow}: locked by process ${r.lockPid}`, "Wait failed");
        }
        r.lockPid = 0;
      }
    });
  }
  const incomplete = results.filter((r) => r.incomplete);
  // iiadm -w exits 0 even when the copy failed; pitcrew says so and fails, so scripts stop.
  for (const r of incomplete) process.stderr.write(`iiadm: ${r.set}: copy did not complete: ${r.incomplete}\n`);
  return incomplete.length ? 2 : 0;
}

async function dispatch(ctx: EngineContext, req: IiadmRequest): Promise<number> {
  switch (req.action) {
    case "help":
      out(iiadmUsage());
      return 0;
    case "version":
      out(formatVersion(await pitcrewVersion()));
      return 0;
    case "list":
      out(formatList(await listRows(ctx, req.group)));
      return 0;
    case "listGroups":
      out(formatGroups(await listGroups(ctx)));
      return 0;
    case "listOverflow":
      return 0; // no overflow volumes without compact dependent sets
    case "status":
      out(formatStatus(await statusOf(ctx, req.target), { showProgress: process.stdout.isTTY }));
      return 0;
    case "enable":
      await enableSet(ctx, {
        type: req.type,
        master: req.master,
        shadow: req.shadow,
        bitmap: req.bitmap,
        group: req.group,
        consistency: req.consistency,
      });
      return 0;
    case "disable":
      await disableSets(ctx, req.target);
      return 0;
    case "update":
    case "copy": {
      if (req.direction === "m") {
        const what = req.target.kind === "group" ? "every master in this group" : "the master volume";
        if (!(await confirm(`Overwrite ${what} with the shadow?`, req.modifiers.noPrompt))) return 1;
      }
      await startCopy(ctx, {
        target: req.target,
        direction: req.direction,
        full: req.action === "copy",
        pidLock: req.modifiers.pidLock ? process.ppid : undefined,
        callerPid: process.ppid,
      });
      return 0;
    }
    case "wait":
      return waitAndReport(ctx, req);
    case "abort":
      await abortCopies(ctx, req.target);
      return 0;
    case "export":
      await exportSets(ctx, req.target);
      return 0;
    case "reset":
      await resetSets(ctx, req.target);
      return 0;
    case "params": {
      const change = req.delay !== null && req.unit !== null ? { delay: req.delay, unit: req.unit } : null;
      const rows = await copyParameters(ctx, req.target, change);
      if (!change) for (const r of rows) out(formatParams(r.set, r.delay, r.unit));
      return 0;
    }
    case "import":
      await importShadow(ctx, req.shadow, req.bitmap);
      return 0;
    case "join": {
      let force = req.modifiers.noPrompt;
      try {
        await joinShadow(ctx, { shadow: req.shadow, bitmap: req.bitmap, force });
      } catch (err) {
        // Like iiadm, ask before using a bitmap the importer never disabled (only on a terminal).
        if (!(err instanceof EngineError) || err.code !== "DSW_EINVALBMP" || force || !process.stdin.isTTY) throw err;
        force = await confirm(`${err.message}. Use it anyway?`, false);
        if (!force) return 1;
        await joinShadow(ctx, { shadow: req.shadow, bitmap: req.bitmap, force });
      }
      return 0;
    }
    case "move":
      await moveToGroup(ctx, req.group, req.sets);
      return 0;
    case "attachOverflow":
    case "detachOverflow":
    case "initOverflow":
    case "overflowStatus":
      throw new EngineError(
        "DSW_ENOTSUP",
        "overflow volumes belong to compact dependent sets, which need copy-on-write in the write path: not supported yet",
      );
  }
}

// Commands that may start a copy, whose worker starts ahead (copy-worker.ts).
const STARTS_COPIES = new Set<IiadmRequest["action"]>(["enable", "update", "copy", "reset"]);

export async function runLocalIiadm(argv: string[], stateDir: string, hostName: string): Promise<number> {
  const config = new ConfigStore(stateDir);
  if (argv[0] === WORKER_FLAG) return runCopyWorker(stateDir, config, argv.slice(1));
  const launcher = detachedWorkerLauncher(stateDir);
  try {
    const req = parseIiadmArgs(argv);
    if (req.action === "help" || req.action === "version") return await dispatch({} as EngineContext, req);
    if (STARTS_COPIES.has(req.action)) await launcher.prestart();
    const ctx: EngineContext = {
      stateDir,
      config,
      launcher,
      hostName,
      travelDirFor: (shadow) => diskGroupDirOf(shadow),
      warn: (message) => process.stderr.write(`iiadm: warning: ${message}\n`),
    };
    const resumed = await resumeInterruptedCopies(ctx);
    if (resumed.length) process.stderr.write(`iiadm: resumed ${resumed.length} interrupted copy(ies)\n`);
    return await dispatch(ctx, req);
  } catch (err) {
    return reportIiadmError(err);
  } finally {
    launcher.dismiss();
  }
}
