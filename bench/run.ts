// `npm run bench`: the Instant Image engine against the tools an operator would otherwise use,
// on 1 GiB and 4 GiB volumes, as regular files and as loop block devices, every timed step from
// a cold cache. Prints each step as it runs, then summary tables and a PASS/MISS per target.
// Exits 0 on a MISS (this is a measurement) and non-zero when a copy is wrong or fails (that is
// a bug), always detaching its loop devices and removing its scratch dir.
//
//   npm run bench                       1 GiB and 4 GiB (4 GiB only with enough free space)
//   BENCH_SIZES=256M npm run bench      other sizes, for a quick try
//   BENCH_ROUNDS=5 npm run bench        rounds per measurement (default 3)
//   BENCH_ONLY=instant npm run bench    only the instant-mode section (bench/instant.ts); BENCH_ONLY=scan: all but it
//   BENCH_INSTANT_MASTER=aged …         the instant section on a fragmented master (every other chunk rewritten first)
//
// Every timed step runs once per round, the rounds in the orders of a balanced Latin square
// (see rounds.ts: on a VM, one pass in a fixed order favours whichever tool runs first or
// after a given other one), and the ratios are taken between medians. Targets, each written by
// one writer only:
//   full copy: cp and dd, then the in-process copy, into the peer target P; the CLI copy into
//              the set's shadow S (the last writer of S is the engine, so its write stamp holds
//              and an update scans the master only, as in normal use);
//   update:    overwrite random chunks of M; rsync M→R (R holds the master as it was before);
//              CLI update of S; in-process update of P (same work: scan M, copy the changed
//              chunks); one read of M. Every target is compared with M by cmp after its step.
//   instant:   (bench/instant.ts) the master on XFS with reflink in a loop-mounted image: rsync
//              M→R, CLI update of S (-u s clones M, copies the chunks whose extents changed),
//              one read of M, with the loop device's bytes read counted during the update.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CHUNK_BYTES, minBitmapBytes } from "@/lib/bitmap-size";
import { buildChild, buildCli, cliStartup, CliSet, EngineFailure, runChild, type CliTiming } from "./engine";
import type { ChildResult } from "./engine-copy-child";
import { cpCopy, ddDirectCopy, plainRead, rsyncUpdate, type PeerTiming } from "./peers";
import { startCleanupGuard } from "./cleanup-guard";
import { buildAgentChild } from "./instant-agent-path";
import {
  INSTANT_PERCENT,
  instantNeedBytes,
  instantSummary,
  runInstantSize,
  type InstantResult,
  type MasterAge,
} from "./instant";
import { caseLabel, mib, ratio, secs, summary, timeAndSpeed, type CaseResult } from "./report";
import { describeSpread, inBalancedOrder, medianSample, perRoundRatios } from "./rounds";
import { ensureRsync, freeBytes, GiB, hasCommand, isTmpfs, loadAverage, mustRun, parseSize, sizeLabel } from "./system";
import {
  attachLoop,
  createRandomFile,
  createSparseFile,
  detachAllLoops,
  detachLoop,
  loopDevicesUsable,
  overwriteRandomChunks,
  keepLedger,
  resetTarget,
  sameBytes,
  unmountAll,
  type Kind,
  type Volume,
} from "./volumes";

const SCRATCH_PARENT = "/var/tmp"; // on disk: tmpfs refuses O_DIRECT
const UPDATE_PERCENTS = [1, 10];
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3) || 3);
const SLACK_BYTES = GiB;
/** BENCH_ONLY=instant runs the instant-mode section alone, BENCH_ONLY=scan everything else; unset, both. */
const ONLY = process.env.BENCH_ONLY?.trim() || null;
/** BENCH_INSTANT_MASTER=aged: the instant section's master fragmented first (instant.ts). */
const INSTANT_AGE = process.env.BENCH_INSTANT_MASTER?.trim() || "fresh";

class CorrectnessError extends Error {}

const log = (line = "") => process.stdout.write(`${line}\n`);
let scratch: string | null = null;
const cliSets: CliSet[] = [];

/** Kills our still-running copy workers, detaches our loop devices, removes the scratch dir. */
function cleanup(): void {
  for (const set of cliSets) {
    for (const pid of set.livePids()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  }
  unmountAll(); // the instant section's XFS, before its loop device can be detached
  detachAllLoops();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    log(`\nbench: ${signal}, cleaning up`);
    cleanup();
    process.exit(130);
  });
}

function verify(master: Volume, target: Volume, what: string): void {
  const r = sameBytes(master, target);
  if (!r.equal) throw new CorrectnessError(`${what}: ${target.path} differs from master ${master.path} (${r.detail})`);
  log(`      verified: cmp ${path.basename(master.path)} ${path.basename(target.path)} equal`);
}

/** CPU, I/O count and throttle pauses of an in-process run: where its time went. */
function childDetail(child: ChildResult): string {
  return (
    `${child.copyIos} throttle units of 4 MiB, default throttle sleeps ${secs(child.throttleSleepMs / 1000)}; process cpu user ` +
    `${secs(child.cpuUserMs / 1000)} sys ${secs(child.cpuSystemMs / 1000)}; peak RSS ${mib(child.maxRssBytes)}`
  );
}

function peerLine(bytes: number | null, p: PeerTiming): string {
  const speed = bytes === null ? secs(p.seconds) : timeAndSpeed(bytes, p.seconds);
  return `    ${p.tool.padEnd(30)} ${speed}${p.syncSeconds > 0.005 ? `  (of which trailing sync ${secs(p.syncSeconds)})` : ""}`;
}

async function fullCopy(c: CaseResult, m: Volume, s: Volume, p: Volume, cli: CliSet, digests: string) {
  log(`  full copy, ${ROUNDS} rounds`);
  const cp: PeerTiming[] = [];
  const dd: PeerTiming[] = [];
  const children: ChildResult[] = [];
  const clis: CliTiming[] = [];
  let enabled = false;
  for (let round = 0; round < ROUNDS; round++) {
    const steps: (() => Promise<void>)[] = [];
    if (c.kind === "file") {
      steps.push(async () => {
        await resetTarget(p);
        cp.push(await cpCopy(m, p));
        log(peerLine(c.sizeBytes, cp.at(-1)!));
      });
    }
    steps.push(async () => {
      await resetTarget(p);
      dd.push(await ddDirectCopy(m, p));
      log(peerLine(c.sizeBytes, dd.at(-1)!));
    });
    steps.push(async () => {
      await resetTarget(p);
      const child = await runChild("copy", m, p, digests);
      log(
        `    ${"engine copyChunks in-process".padEnd(30)} ${timeAndSpeed(c.sizeBytes, child.copyMs / 1000)}  (${childDetail(child)})`,
      );
      if (child.copiedBytes !== c.sizeBytes)
        throw new CorrectnessError(`in-process copy copied ${child.copiedBytes} of ${c.sizeBytes} bytes`);
      verify(m, p, "in-process full copy");
      children.push(child);
    });
    steps.push(async () => {
      // A set is enabled once: later rounds disable it and start over on a zeroed shadow.
      if (enabled) await cli.disable();
      await resetTarget(s);
      const run = await cli.enableAndWait();
      enabled = true;
      log(
        `    ${"engine iiadm -e ind … -w".padEnd(30)} ${timeAndSpeed(c.sizeBytes, run.wallSeconds)}  (start command ` +
          `${secs(run.startSeconds)}, worker per ds.log ${secs(run.workerSeconds)}, worker peak RSS ${mib(run.workerPeakRssBytes)}, ` +
          `read ${mib(run.workerReadBytes)} written ${mib(run.workerWriteBytes)})`,
      );
      verify(m, s, "engine full copy (iiadm -e ind)");
      clis.push(run);
    });
    await inBalancedOrder(round, steps);
  }

  const peerRuns = [cp, dd].filter((runs) => runs.length);
  const peers = peerRuns.map((runs) => medianSample(runs, (r) => r.seconds));
  const cliRun = medianSample(clis, (r) => r.wallSeconds);
  const child = medianSample(children, (r) => r.copyMs);
  log(
    `    medians: ${[
      ...peerRuns.map((runs) => `${runs[0]!.tool} ${describeSpread(runs.map((r) => r.seconds))}`),
      `in-process ${describeSpread(children.map((r) => r.copyMs / 1000))}`,
      `CLI ${describeSpread(clis.map((r) => r.wallSeconds))}`,
    ].join("; ")}`,
  );
  peerRuns.forEach((runs, i) => {
    const peer = peers[i]!;
    const times = runs.map((r) => r.seconds);
    log(
      `    engine speed / ${peer.tool} speed (medians): CLI ${ratio(peer.seconds / cliRun.wallSeconds)}, ` +
        `in-process ${ratio(peer.seconds / (child.copyMs / 1000))}`,
    );
    log(
      `      per round: CLI ${perRoundRatios(
        times,
        clis.map((r) => r.wallSeconds),
      )}; ` +
        `in-process ${perRoundRatios(
          times,
          children.map((r) => r.copyMs / 1000),
        )}`,
    );
  });
  c.full = { cli: cliRun, child, peers, peakRss: peaks(clis, children) };
}

async function update(c: CaseResult, percent: number, vols: CaseVolumes, cli: CliSet, digests: string) {
  const { m, s, p, r } = vols;
  const chunks = Math.ceil(c.sizeBytes / CHUNK_BYTES);
  const rsyncs: PeerTiming[] = [];
  const reads: PeerTiming[] = [];
  const children: ChildResult[] = [];
  const clis: CliTiming[] = [];
  let changed = 0;
  log(`  update, ${percent} % changed, ${ROUNDS} rounds`);
  for (let round = 0; round < ROUNDS; round++) {
    changed = overwriteRandomChunks(m, Math.round((chunks * percent) / 100));
    log(`   round ${round + 1}: ${changed} random 32 KiB chunks of the master overwritten`);
    const steps: (() => Promise<void>)[] = [];
    if (r) {
      steps.push(async () => {
        rsyncs.push(await rsyncUpdate(m, r));
        log(peerLine(null, rsyncs.at(-1)!));
        verify(m, r, `rsync ${percent} %`);
      });
    }
    steps.push(async () => {
      const run = await cli.updateAndWait();
      log(
        `    ${"engine iiadm -u s … -w".padEnd(30)} ${secs(run.wallSeconds)}  (start command ${secs(run.startSeconds)}, ` +
          `worker per ds.log ${secs(run.workerSeconds)}, worker peak RSS ${mib(run.workerPeakRssBytes)}, ` +
          `read ${mib(run.workerReadBytes)} written ${mib(run.workerWriteBytes)})`,
      );
      verify(m, s, `engine update ${percent} % (iiadm -u s)`);
      clis.push(run);
    });
    steps.push(async () => {
      const child = await runChild("update", m, p, digests);
      log(
        `    ${"engine scan+copy in-process".padEnd(30)} ${secs((child.scanMs + child.copyMs) / 1000)}  (${child.changedChunks} ` +
          `chunks copied; ${childDetail(child)})`,
      );
      if (child.changedChunks !== changed)
        log(`      note: the scan marked ${child.changedChunks} chunks, ${changed} were overwritten`);
      verify(m, p, `in-process update ${percent} %`);
      children.push(child);
    });
    steps.push(async () => {
      reads.push(await plainRead(m));
      log(peerLine(c.sizeBytes, reads.at(-1)!));
    });
    await inBalancedOrder(round, steps);
  }
  const inProc = (x: ChildResult) => (x.scanMs + x.copyMs) / 1000;
  log(
    `    medians: ${[
      rsyncs.length ? `rsync ${describeSpread(rsyncs.map((x) => x.seconds))}` : null,
      `CLI ${describeSpread(clis.map((x) => x.wallSeconds))}`,
      `in-process ${describeSpread(children.map(inProc))}`,
      `read ${describeSpread(reads.map((x) => x.seconds))}`,
    ]
      .filter(Boolean)
      .join("; ")}`,
  );
  if (rsyncs.length) {
    const times = rsyncs.map((x) => x.seconds);
    log(
      `    rsync time / engine time per round: CLI ${perRoundRatios(
        times,
        clis.map((x) => x.wallSeconds),
      )}; ` + `in-process ${perRoundRatios(times, children.map(inProc))}`,
    );
  }
  c.updates.push({
    percent,
    changedChunks: changed,
    cli: medianSample(clis, (x) => x.wallSeconds),
    child: medianSample(children, inProc),
    rsync: rsyncs.length ? medianSample(rsyncs, (x) => x.seconds) : null,
    read: medianSample(reads, (x) => x.seconds),
    peakRss: peaks(clis, children),
  });
}

/** Peak memory is the worst round, not the median one. */
function peaks(clis: CliTiming[], children: ChildResult[]) {
  const worker = clis.map((x) => x.workerPeakRssBytes).filter((x): x is number => x != null);
  return { worker: worker.length ? Math.max(...worker) : null, child: Math.max(...children.map((x) => x.maxRssBytes)) };
}

interface CaseVolumes {
  m: Volume;
  s: Volume;
  p: Volume;
  /** rsync's target (files only): its own copy, so every engine result is checked on a target only the engine wrote. */
  r: Volume | null;
}

async function runCase(
  kind: Kind,
  sizeBytes: number,
  dir: string,
  vols: CaseVolumes,
  note: string,
): Promise<CaseResult> {
  const c: CaseResult = { sizeBytes, kind, note, full: null, updates: [] };
  log(`\n=== ${caseLabel(c)}${note ? ` (${note})` : ""} — load average ${loadAverage()} ===`);
  const bitmap = path.join(dir, `bitmap-${kind}`);
  createSparseFile(bitmap, Math.ceil(minBitmapBytes(sizeBytes) / 4096) * 4096);
  const cli = new CliSet(path.join(dir, `state-${kind}`), vols.m, vols.s, bitmap);
  cliSets.push(cli);
  const digests = path.join(dir, `in-process-${kind}.dig`);
  await fullCopy(c, vols.m, vols.s, vols.p, cli, digests);
  // rsync's target starts as a copy of the master as it is before the first update.
  if (vols.r) await mustRun("cp", ["--reflink=never", vols.m.path, vols.r.path]);
  for (const percent of UPDATE_PERCENTS) await update(c, percent, vols, cli, digests);
  return c;
}

async function runSize(sizeBytes: number, rsyncOk: boolean, cases: CaseResult[]): Promise<void> {
  const dir = path.join(scratch!, sizeLabel(sizeBytes).replace(" ", ""));
  mkdirSync(dir);
  const file = (name: string): Volume => ({
    path: path.join(dir, name),
    kind: "file",
    sizeBytes,
    backing: path.join(dir, name),
  });
  const [m, s, p, r] = [file("master"), file("shadow"), file("peer-target"), file("rsync-target")];
  const t0 = performance.now();
  createRandomFile(m.path, sizeBytes);
  createSparseFile(s.path, sizeBytes);
  createSparseFile(p.path, sizeBytes);
  log(`\n${sizeLabel(sizeBytes)}: random master written in ${secs((performance.now() - t0) / 1000)} (${dir})`);

  cases.push(await runCase("file", sizeBytes, dir, { m, s, p, r: rsyncOk ? r : null }, ""));

  if (!loopDevicesUsable()) {
    log(`\n${sizeLabel(sizeBytes)} device: skipped, loop devices are not usable here (needs root and losetup)`);
  } else {
    const loops: string[] = [];
    try {
      const dev = (v: Volume): Volume => {
        const { device, directIo } = attachLoop(v.path);
        loops.push(device);
        if (!directIo) log(`  note: ${device} runs with buffered I/O to its backing file (direct I/O refused)`);
        return { path: device, kind: "block", sizeBytes, backing: v.path };
      };
      const [dm, ds, dp] = [dev(m), dev(s), dev(p)];
      cases.push(
        await runCase(
          "block",
          sizeBytes,
          dir,
          { m: dm, s: ds, p: dp, r: null },
          `loop devices with --direct-io=on: ${[dm, ds, dp].map((v) => `${path.basename(v.path)}=${path.basename(v.backing)}`).join(" ")}`,
        ),
      );
    } finally {
      for (const d of loops) detachLoop(d);
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

function chooseSizes(need: (size: number) => number, what: string): number[] {
  const wanted = (process.env.BENCH_SIZES ?? "1G,4G").split(",").map(parseSize);
  const free = freeBytes(SCRATCH_PARENT);
  const fits = wanted.filter((size) => {
    if (need(size) <= free) return true;
    log(
      `not enough free space in ${SCRATCH_PARENT} for ${sizeLabel(size)} ${what}: need ${mib(need(size))}, have ${mib(free)}; skipping that size`,
    );
    return false;
  });
  return fits;
}

// One size at a time on disk: master, shadow, peer target and rsync target (4×), plus a
// volume's worth of slack for the digests, bitmaps and the filesystem's own needs (5× + 1 GiB).
const scanNeed = (size: number) => 5 * size + SLACK_BYTES;

async function main(): Promise<number> {
  const started = performance.now();
  log(`pitcrew Instant Image benchmark — ${new Date().toISOString()}`);
  log(
    `node ${process.version}, ${os.cpus().length} CPUs, ${mib(os.totalmem())} RAM, kernel ${os.release()}, load average ${loadAverage()}`,
  );
  if (process.getuid?.() !== 0) {
    log("bench: must run as root (drop_caches, losetup)");
    return 1;
  }
  for (const tool of ["cp", "dd", "cmp", "fallocate", "sync"]) {
    if (!hasCommand(tool)) {
      log(`bench: ${tool} is missing`);
      return 1;
    }
  }
  if (isTmpfs(SCRATCH_PARENT)) {
    log(`bench: ${SCRATCH_PARENT} is tmpfs, which refuses O_DIRECT; the benchmark needs a disk filesystem`);
    return 1;
  }
  if (ONLY && ONLY !== "instant" && ONLY !== "scan") {
    log(`bench: BENCH_ONLY=${ONLY}: use instant (the instant-mode section alone) or scan (everything else)`);
    return 1;
  }
  if (INSTANT_AGE !== "fresh" && INSTANT_AGE !== "aged") {
    log(`bench: BENCH_INSTANT_MASTER=${INSTANT_AGE}: use fresh (default) or aged`);
    return 1;
  }
  const age: MasterAge = INSTANT_AGE;
  const runScan = ONLY !== "instant";
  const runInstant = ONLY !== "scan";
  if (runInstant && !hasCommand("mkfs.xfs")) {
    log("bench: mkfs.xfs is missing (install xfsprogs), needed by the instant-mode section (BENCH_ONLY=scan skips it)");
    return 1;
  }
  const rsyncOk = ensureRsync(log);
  const sizes = runScan ? chooseSizes(scanNeed, "volumes") : [];
  const instantSizes =
    runInstant && loopDevicesUsable()
      ? chooseSizes((size) => instantNeedBytes(size, ROUNDS, age), "instant-mode volumes")
      : [];
  if (runInstant && !loopDevicesUsable()) log("instant-mode section skipped: it needs loop devices (root and losetup)");
  if (!sizes.length && !instantSizes.length) {
    log("bench: no volume size fits on disk; nothing measured");
    return 1;
  }
  if (sizes.length) {
    log(
      `sizes: ${sizes.map(sizeLabel).join(", ")}; updates at ${UPDATE_PERCENTS.join(" % and ")} % changed chunks; ` +
        `cold cache (sync; echo 3 > /proc/sys/vm/drop_caches) before every timed step, then the timed tool's ` +
        "own program loaded (pitcrew iiadm -v, cp/dd/rsync --version)",
    );
  }
  if (instantSizes.length) {
    log(
      `instant mode (XFS reflink): sizes ${instantSizes.map(sizeLabel).join(", ")}, ${age} master; updates at ${INSTANT_PERCENT} % changed chunks, ` +
        "cold cache before every timed step",
    );
  }
  buildCli();
  await buildChild();
  if (runInstant) await buildAgentChild();
  log(
    "CLI bundle and the in-process child's bundle built from the current sources, so both run in plain node " +
      "(edits to cli/, engine/, lib/ or agent/ during the run would make pitcrew fall back to tsx)",
  );
  const startup = await cliStartup();
  log(
    `CLI start-up alone (median of 3 × \`pitcrew help\`): ${secs(startup.seconds)}, peak RSS ${mib(startup.rssBytes)} — ` +
      "paid by the start command, the worker and -w alike",
  );
  scratch = mkdtempSync(path.join(SCRATCH_PARENT, "pitcrew-bench-"));
  // Undoes our mounts and loop devices should this process be killed before cleanup() runs.
  const ledger = path.join(scratch, ".cleanup-ledger");
  keepLedger(ledger);
  startCleanupGuard(scratch, ledger);
  const cases: CaseResult[] = [];
  const instant: InstantResult[] = [];
  const summaries = () =>
    [cases.length ? summary(cases) : null, instant.length ? instantSummary(instant, startup.seconds) : null]
      .filter(Boolean)
      .join("\n\n");
  try {
    for (const size of sizes) await runSize(size, rsyncOk, cases);
    const ctx = {
      log,
      rounds: ROUNDS,
      age,
      rsyncOk,
      verify,
      register: (cli: CliSet) => {
        cliSets.push(cli);
      },
    };
    for (const size of instantSizes) {
      const dir = path.join(scratch, `instant-${sizeLabel(size).replace(" ", "")}`);
      instant.push(await runInstantSize(ctx, size, dir));
      rmSync(dir, { recursive: true, force: true });
    }
  } catch (err) {
    if (err instanceof CorrectnessError || err instanceof EngineFailure) {
      log(`\nCORRECTNESS FAILURE: ${err.message}`);
      log("The benchmark stopped: a copy that is not byte-identical makes its timing meaningless.");
      if (cases.length || instant.length) log(`\n${summaries()}`);
      return 2;
    }
    throw err;
  } finally {
    cleanup();
  }
  log(`\n=== Summary — load average at the end ${loadAverage()} ===\n`);
  log(summaries());
  log("\nA MISS is a measurement, not a failure: the exit status is 0 unless a copy was wrong.");
  log("drop_caches empties this machine's page cache only: on a VM the host may still cache the disk, and other");
  log(
    `load on the machine moves every figure; compare ratios within one run. Took ${((performance.now() - started) / 60000).toFixed(1)} min.`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    cleanup();
    log(`bench: ${err.stack ?? err.message}`);
    process.exitCode = 1;
  },
);
