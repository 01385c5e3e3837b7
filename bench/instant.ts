// Instant mode (docs/consistency-modes.md): a set whose master is a file on XFS with reflink. `-u s` clones the
// master (the point in time), finds the changed 32 KiB chunks by diffing the clone's extent map
// against the previous reference clone's, and copies only those chunks from the clone to the
// shadow in the background; `-w` waits for the copy.
//
// Layout, per size: an XFS (`mkfs.xfs -m reflink=1`) in a sparse image file under the scratch
// dir, attached as a loop device with direct I/O (its reads reach the disk, and the device's
// /sys/block/<loop>/stat counts them) and mounted; the master and its clones
// (<mnt>/.pitcrew-clones/) live on it. The shadow, the bitmap, the set's state and rsync's
// target live on the scratch dir's own file system, so the loop device's read counter counts
// only reads of the master and its clones, and the image needs room for the master and the
// chunks the clones hold (the master plus every round's changes).
//
// Each round overwrites 1 % random chunks of the master (as the scan-mode update does), then,
// in a balanced order: rsync M→R; the CLI update `-u s` + `-w` with the loop device's bytes read
// taken before and after; one cold O_DIRECT read of M. Every target is compared with M by cmp
// after its step (nothing writes M after `-u s`, so M is the point in time).
//
// BENCH_INSTANT_MASTER=aged first rewrites every other chunk of the master (copy-on-write against
// the reference clone, so the master ends in about size/64 KiB extents: what 32 KiB random writes
// make of a master over a set's life, since XFS never merges them back) and runs one untimed
// update, so that the rounds measure a fragmented master; FICLONE's time grows with the extents.
//
// Targets (ratios within one run, never timed assertions):
//   freeze (`-u s` returning) ≤ 0.1× a cold read of M, and within 2× between the smallest and
//   largest size measured; update (`-u s` … `-w`) ≥ 15× faster than rsync and ≤ 0.2× a read;
//   bytes the device read during the update ≤ 3× the changed bytes.
import { spawnSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";
import { CHUNK_BYTES, minBitmapBytes } from "@/lib/bitmap-size";
import { CliSet, type CliTiming } from "./engine";
import { AgentPath } from "./instant-agent-path";
import { bytesReadFromStat, extentsFromFilefrag, lastExtentDiff, type ExtentDiffLine } from "./instant-figures";
import { plainRead, rsyncUpdate, type PeerTiming } from "./peers";
import { mib, ratio, secs, timeAndSpeed } from "./report";
import { describeSpread, inBalancedOrder, perRoundRatios } from "./rounds";
import { dropCaches, GiB, MiB, mustRun, sizeLabel } from "./system";
import {
  attachLoop,
  createRandomFile,
  createSparseFile,
  detachLoop,
  mountDevice,
  overwriteRandomChunks,
  unmount,
  type Volume,
} from "./volumes";

export const INSTANT_PERCENT = 1;

/** fresh: the master as written (a few extents); aged: every other chunk rewritten first (BENCH_INSTANT_MASTER=aged). */
export type MasterAge = "fresh" | "aged";

export const INSTANT_TARGETS = {
  freezeVsRead: 0.1,
  freezeLargestVsSmallest: 2.0,
  updateVsRsync: 15,
  updateVsRead: 0.2,
  deviceReadVsChanged: 3,
} as const;

export interface InstantRound {
  /** Chunks the bench overwrote before this round's update. */
  changedChunks: number;
  cli: CliTiming;
  /** Bytes the XFS image's loop device read from before `-u s` to after `-w`. */
  deviceReadBytes: number;
  /** ds.log's extent-map diff of this update (null: it did not diff, it read its clone). */
  diff: ExtentDiffLine | null;
  /** The point-in-time clone this update took (the set's reference once -w returned). */
  clone: { cloneMs: number; extents: number } | null;
  lastUpdate: string | null;
  lastUpdateNote: string | null;
}

/** One update on the agent's path (instant-agent-child.ts): no process start, as a runbook's job runs it. */
export interface AgentRound {
  changedChunks: number;
  /** startCopy's time: clone taken, bitmaps marked, copy started. */
  freezeSeconds: number;
  /** startCopy called → the copy finished. */
  updateSeconds: number;
  deviceReadBytes: number;
  lastUpdate: string | null;
}

export interface InstantResult {
  sizeBytes: number;
  age: MasterAge;
  /** Where the volumes are, for the log and the summary. */
  placement: string;
  masterExtentsAtStart: number | null;
  enable: CliTiming;
  rounds: InstantRound[];
  /** The agent-path update after each round's steps, on a fresh 1 % of changes. */
  agentRounds: AgentRound[];
  rsyncs: PeerTiming[];
  reads: PeerTiming[];
}

export interface InstantContext {
  log: (line?: string) => void;
  rounds: number;
  age: MasterAge;
  rsyncOk: boolean;
  /** cmp master and target; throws the run's correctness error when they differ. */
  verify: (master: Volume, target: Volume, what: string) => void;
  /** The set, so that cleanup can kill its worker. */
  register: (cli: CliSet) => void;
}

/**
 * The XFS image's size: the master, every round's changed chunks held by the clones (twice, as
 * slack for the copy-on-write allocations and the reference/pending pair), and 768 MiB for the
 * log and metadata; rounded to MiB.
 */
export function imageBytesFor(sizeBytes: number, rounds: number, age: MasterAge): number {
  const changes = 2 * (rounds + 1) * Math.ceil((sizeBytes * INSTANT_PERCENT) / 100);
  // Ageing rewrites half the master while the reference clone holds the old half.
  const ageing = age === "aged" ? sizeBytes / 2 : 0;
  return Math.ceil((sizeBytes + changes + ageing + 768 * MiB) / MiB) * MiB;
}

/** Room the section needs in the scratch dir's file system: the image, the shadow, rsync's target and 1 GiB slack. */
export function instantNeedBytes(sizeBytes: number, rounds: number, age: MasterAge): number {
  return imageBytesFor(sizeBytes, rounds, age) + 2 * sizeBytes + GiB;
}

/** Rewrites every other 32 KiB chunk of a file with random data and syncs it (the ageing of BENCH_INSTANT_MASTER=aged). */
function rewriteEveryOtherChunk(file: string, sizeBytes: number): number {
  const fd = openSync(file, "r+");
  let n = 0;
  try {
    const buf = Buffer.alloc(CHUNK_BYTES);
    for (let chunk = 0; chunk < Math.floor(sizeBytes / CHUNK_BYTES); chunk += 2, n++) {
      randomFillSync(buf);
      writeSync(fd, buf, 0, CHUNK_BYTES, chunk * CHUNK_BYTES);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return n;
}

function deviceBytesRead(device: string): number {
  return bytesReadFromStat(readFileSync(`/sys/block/${path.basename(device)}/stat`, "utf8"));
}

function masterExtents(file: string): number | null {
  const r = spawnSync("filefrag", [file], { encoding: "utf8" });
  return r.status === 0 ? extentsFromFilefrag(r.stdout) : null;
}

interface CloneFile {
  reference: { cloneMs: number; extents: number } | null;
  lastUpdate: string | null;
  lastUpdateNote: string | null;
}

/** The set's clone record (engine/point-in-time-clones.ts), read as a user could, from the state dir. */
function cloneRecord(stateDir: string, shadow: string): CloneFile | null {
  try {
    const config = JSON.parse(readFileSync(path.join(stateDir, "config.json"), "utf8")) as {
      sets: { id: string; shadow: string }[];
    };
    const set = config.sets.find((s) => s.shadow === shadow);
    if (!set) return null;
    return JSON.parse(readFileSync(path.join(stateDir, "clones", `${set.id}.json`), "utf8")) as CloneFile;
  } catch {
    return null;
  }
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

const peerLine = (p: PeerTiming, bytes: number | null) =>
  `    ${p.tool.padEnd(30)} ${bytes === null ? secs(p.seconds) : timeAndSpeed(bytes, p.seconds)}` +
  `${p.syncSeconds > 0.005 ? `  (of which trailing sync ${secs(p.syncSeconds)})` : ""}`;

/** One size of the instant section: make the XFS, enable the set, then the rounds of 1 % updates. */
export async function runInstantSize(ctx: InstantContext, sizeBytes: number, dir: string): Promise<InstantResult> {
  mkdirSync(dir);
  const image = path.join(dir, "xfs.img");
  const imageBytes = imageBytesFor(sizeBytes, ctx.rounds, ctx.age);
  createSparseFile(image, imageBytes);
  await mustRun("mkfs.xfs", ["-q", "-m", "reflink=1", image]);
  const { device, directIo } = attachLoop(image);
  const mnt = path.join(dir, "xfs");
  try {
    mountDevice(device, mnt);
    try {
      const placement =
        `master and clones on XFS (reflink=1) in a ${mib(imageBytes)} image on ${path.basename(device)}` +
        `${directIo ? " (direct I/O)" : " (buffered: direct I/O refused)"}; shadow, bitmap, state and rsync target on ${dir}'s file system`;
      return await runInstantRounds(ctx, sizeBytes, dir, mnt, device, placement);
    } finally {
      unmount(mnt);
    }
  } finally {
    detachLoop(device);
  }
}

async function runInstantRounds(
  ctx: InstantContext,
  sizeBytes: number,
  dir: string,
  mnt: string,
  device: string,
  placement: string,
): Promise<InstantResult> {
  const { log } = ctx;
  const file = (p: string): Volume => ({ path: p, kind: "file", sizeBytes, backing: p });
  const m = file(path.join(mnt, "master"));
  const s = file(path.join(dir, "shadow"));
  const r = file(path.join(dir, "rsync-target"));
  const t0 = performance.now();
  createRandomFile(m.path, sizeBytes);
  createSparseFile(s.path, sizeBytes);
  const masterExtentsAtStart = masterExtents(m.path);
  log(`\n=== ${sizeLabel(sizeBytes)} instant (XFS reflink)${ctx.age === "aged" ? ", aged master" : ""} ===`);
  log(`  ${placement}`);
  log(
    `  random master written in ${secs((performance.now() - t0) / 1000)}; ${masterExtentsAtStart ?? "?"} extents (filefrag)`,
  );

  const bitmap = path.join(dir, "bitmap");
  createSparseFile(bitmap, Math.ceil(minBitmapBytes(sizeBytes) / 4096) * 4096);
  const stateDir = path.join(dir, "state");
  const cli = new CliSet(stateDir, m, s, bitmap);
  ctx.register(cli);
  const enable = await cli.enableAndWait();
  log(
    `  ${"engine iiadm -e ind … -w".padEnd(32)} ${timeAndSpeed(sizeBytes, enable.wallSeconds)}  (start command ` +
      `${secs(enable.startSeconds)}, worker per ds.log ${secs(enable.workerSeconds)})`,
  );
  ctx.verify(m, s, "instant full copy (iiadm -e ind)");
  const enabled = cloneRecord(stateDir, s.path);
  if (!enabled?.reference) {
    throw new Error(
      `the set ${s.path} is not in instant mode after -e (no reference clone in ${stateDir}/clones); ` +
        `see ${stateDir}/ds.log`,
    );
  }
  if (ctx.age === "aged") {
    const t1 = performance.now();
    const rewritten = rewriteEveryOtherChunk(m.path, sizeBytes);
    log(
      `  ageing: every other chunk rewritten (${rewritten} chunks) in ${secs((performance.now() - t1) / 1000)}; ` +
        `${masterExtents(m.path) ?? "?"} extents (filefrag)`,
    );
    const aged = await cli.updateAndWait();
    log(
      `  ${"ageing update -u s … -w (untimed)".padEnd(32)} ${secs(aged.wallSeconds)}  (freeze ${secs(aged.startSeconds)}, ` +
        `clone ${cloneRecord(stateDir, s.path)?.reference?.cloneMs ?? "?"} ms)`,
    );
    ctx.verify(m, s, "instant ageing update (iiadm -u s)");
  }
  if (ctx.rsyncOk) await mustRun("cp", ["--reflink=never", m.path, r.path]);

  const chunks = Math.floor(sizeBytes / CHUNK_BYTES);
  const rounds: InstantRound[] = [];
  const agentRounds: AgentRound[] = [];
  const agent = await AgentPath.start(stateDir);
  const rsyncs: PeerTiming[] = [];
  const reads: PeerTiming[] = [];
  try {
    log(`  update, ${INSTANT_PERCENT} % changed, ${ctx.rounds} rounds`);
    for (let round = 0; round < ctx.rounds; round++) {
      const changed = overwriteRandomChunks(m, Math.round((chunks * INSTANT_PERCENT) / 100));
      log(`   round ${round + 1}: ${changed} random 32 KiB chunks of the master overwritten`);
      const steps: (() => Promise<void>)[] = [];
      if (ctx.rsyncOk) {
        steps.push(async () => {
          rsyncs.push(await rsyncUpdate(m, r));
          log(peerLine(rsyncs.at(-1)!, null));
          ctx.verify(m, r, `rsync ${INSTANT_PERCENT} % (instant section)`);
        });
      }
      steps.push(async () => {
        const before = deviceBytesRead(device);
        const run = await cli.updateAndWait();
        const deviceReadBytes = deviceBytesRead(device) - before;
        const diff = lastExtentDiff(readFileSync(path.join(stateDir, "ds.log"), "utf8"), s.path);
        const rec = cloneRecord(stateDir, s.path);
        const changedBytes = changed * CHUNK_BYTES;
        log(
          `    ${"engine iiadm -u s … -w".padEnd(30)} ${secs(run.wallSeconds)}  (freeze: -u s returned in ${secs(run.startSeconds)}` +
            `${rec?.reference ? `, clone ${rec.reference.cloneMs} ms` : ""}; worker per ds.log ${secs(run.workerSeconds)}; ` +
            `extent diff ${diff ? `${diff.chunks} chunks in ${diff.ms} ms, ${diff.extents} extents` : "none"}; ` +
            `device read ${mib(deviceReadBytes)} = ${ratio(deviceReadBytes / changedBytes)} the changed ${mib(changedBytes)})`,
        );
        if (rec?.lastUpdate !== "instant")
          log(
            `      note: this update was not instant (${rec?.lastUpdate ?? "no clone record"}): ${rec?.lastUpdateNote ?? ""}`,
          );
        if (diff && diff.chunks !== changed)
          log(`      note: the extent diff marked ${diff.chunks} chunks, ${changed} were overwritten`);
        ctx.verify(m, s, `instant update ${INSTANT_PERCENT} % (iiadm -u s)`);
        rounds.push({
          changedChunks: changed,
          cli: run,
          deviceReadBytes,
          diff,
          clone: rec?.reference ? { cloneMs: rec.reference.cloneMs, extents: rec.reference.extents } : null,
          lastUpdate: rec?.lastUpdate ?? null,
          lastUpdateNote: rec?.lastUpdateNote ?? null,
        });
      });
      steps.push(async () => {
        reads.push(await plainRead(m));
        log(peerLine(reads.at(-1)!, sizeBytes));
      });
      await inBalancedOrder(round, steps);
      // rsync's target takes the same writes, so the next round's rsync sees only its own 1 %.
      agentRounds.push(await agentRound(ctx, agent, m, s, ctx.rsyncOk ? r : null, stateDir, device, chunks));
    }
  } finally {
    agent.close();
  }
  log(
    `    medians: ${[
      rsyncs.length ? `rsync ${describeSpread(rsyncs.map((x) => x.seconds))}` : null,
      `freeze ${describeSpread(rounds.map((x) => x.cli.startSeconds))}`,
      `CLI ${describeSpread(rounds.map((x) => x.cli.wallSeconds))}`,
      `read ${describeSpread(reads.map((x) => x.seconds))}`,
    ]
      .filter(Boolean)
      .join("; ")}`,
  );
  if (rsyncs.length) {
    log(
      `    rsync time / CLI update time per round: ${perRoundRatios(
        rsyncs.map((x) => x.seconds),
        rounds.map((x) => x.cli.wallSeconds),
      )}`,
    );
  }
  log(`    freeze / read per round: ${rounds.map((x, i) => ratio(x.cli.startSeconds / reads[i]!.seconds)).join(", ")}`);
  log(
    `    agent path: freeze ${describeSpread(agentRounds.map((x) => x.freezeSeconds))}; ` +
      `update ${describeSpread(agentRounds.map((x) => x.updateSeconds))}`,
  );
  return { sizeBytes, age: ctx.age, placement, masterExtentsAtStart, enable, rounds, agentRounds, rsyncs, reads };
}

/**
 * The agent's path, after a round's steps: a fresh 1 % of the master overwritten (and of rsync's
 * target, which then stays equal to the master), cold caches, then one update through the
 * long-lived agent child, checked by cmp like the others.
 */
async function agentRound(
  ctx: InstantContext,
  agent: AgentPath,
  m: Volume,
  s: Volume,
  rsyncTarget: Volume | null,
  stateDir: string,
  device: string,
  chunks: number,
): Promise<AgentRound> {
  const changed = overwriteRandomChunks(m, Math.round((chunks * INSTANT_PERCENT) / 100), rsyncTarget);
  dropCaches();
  const before = deviceBytesRead(device);
  const r = await agent.update(s.path);
  const deviceReadBytes = deviceBytesRead(device) - before;
  const rec = cloneRecord(stateDir, s.path);
  const clone = r.taken[0]?.cloneMs;
  ctx.log(
    `    ${"agent path -u s … end of copy".padEnd(30)} ${secs(r.updateMs / 1000)}  (${changed} other chunks overwritten first; ` +
      `freeze ${secs(r.freezeMs / 1000)}${clone != null ? `, clone ${clone} ms` : ""}; device read ${mib(deviceReadBytes)} = ` +
      `${ratio(deviceReadBytes / (changed * CHUNK_BYTES))} the changed)`,
  );
  if (rec?.lastUpdate !== "instant")
    ctx.log(
      `      note: this update was not instant (${rec?.lastUpdate ?? "no clone record"}): ${rec?.lastUpdateNote ?? ""}`,
    );
  ctx.verify(m, s, `instant update ${INSTANT_PERCENT} % (agent path)`);
  return {
    changedChunks: changed,
    freezeSeconds: r.freezeMs / 1000,
    updateSeconds: r.updateMs / 1000,
    deviceReadBytes,
    lastUpdate: rec?.lastUpdate ?? null,
  };
}

/** The medians a result is judged on. */
function figures(res: InstantResult) {
  const freeze = median(res.rounds.map((x) => x.cli.startSeconds));
  const update = median(res.rounds.map((x) => x.cli.wallSeconds));
  const read = median(res.reads.map((x) => x.seconds));
  const rsync = res.rsyncs.length ? median(res.rsyncs.map((x) => x.seconds)) : null;
  const deviceRead = median(res.rounds.map((x) => x.deviceReadBytes));
  const readVsChanged = median(res.rounds.map((x) => x.deviceReadBytes / (x.changedChunks * CHUNK_BYTES)));
  const cloneMs = res.rounds.every((x) => x.clone) ? median(res.rounds.map((x) => x.clone!.cloneMs)) : null;
  const diffMs = res.rounds.every((x) => x.diff) ? median(res.rounds.map((x) => x.diff!.ms)) : null;
  const extents = res.rounds.map((x) => x.diff?.extents ?? x.clone?.extents ?? null);
  const worker = res.rounds.every((x) => x.cli.workerSeconds != null)
    ? median(res.rounds.map((x) => x.cli.workerSeconds!))
    : null;
  const instant = res.rounds.filter((x) => x.lastUpdate === "instant").length;
  const agent = res.agentRounds.length
    ? {
        freeze: median(res.agentRounds.map((x) => x.freezeSeconds)),
        update: median(res.agentRounds.map((x) => x.updateSeconds)),
        readVsChanged: median(res.agentRounds.map((x) => x.deviceReadBytes / (x.changedChunks * CHUNK_BYTES))),
        instant: res.agentRounds.filter((x) => x.lastUpdate === "instant").length,
      }
    : null;
  return { freeze, update, read, rsync, deviceRead, readVsChanged, cloneMs, diffMs, extents, worker, instant, agent };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export interface InstantVerdict {
  target: string;
  scope: string;
  value: string;
  pass: boolean | null;
}

/** The two paths an update takes: the CLI (a process per command) and the agent (already running). */
type UpdatePath = "CLI" | "agent";

/** One path's medians: freeze, whole update, device read per changed byte, and whether every round was instant. */
function pathFigures(res: InstantResult, path: UpdatePath) {
  const f = figures(res);
  if (path === "CLI")
    return {
      freeze: f.freeze,
      update: f.update,
      readVsChanged: f.readVsChanged,
      allInstant: f.instant === res.rounds.length,
    };
  if (!f.agent) return null;
  return {
    freeze: f.agent.freeze,
    update: f.agent.update,
    readVsChanged: f.agent.readVsChanged,
    allInstant: f.agent.instant === res.agentRounds.length,
  };
}

export function instantVerdicts(results: InstantResult[]): InstantVerdict[] {
  const out: InstantVerdict[] = [];
  const T = INSTANT_TARGETS;
  for (const path of ["CLI", "agent"] as const) {
    for (const res of results) {
      const p = pathFigures(res, path);
      if (!p) continue;
      const f = figures(res);
      // A round that fell back to reading its clone is not a measurement of instant mode.
      const judged = (pass: boolean) => p.allInstant && pass;
      const scope = `${sizeLabel(res.sizeBytes)}${res.age === "aged" ? " aged" : ""} ${path}`;
      out.push({
        target: `freeze (-u s) ≤ ${T.freezeVsRead}× a read`,
        scope,
        value: ratio(p.freeze / f.read),
        pass: judged(p.freeze / f.read <= T.freezeVsRead),
      });
      out.push(
        f.rsync == null
          ? { target: `update 1 % ≥ ${T.updateVsRsync}× rsync`, scope, value: "n/a (no rsync)", pass: null }
          : {
              target: `update 1 % ≥ ${T.updateVsRsync}× rsync`,
              scope,
              value: ratio(f.rsync / p.update),
              pass: judged(f.rsync / p.update >= T.updateVsRsync),
            },
      );
      out.push({
        target: `update 1 % ≤ ${T.updateVsRead}× a read`,
        scope,
        value: ratio(p.update / f.read),
        pass: judged(p.update / f.read <= T.updateVsRead),
      });
      out.push({
        target: `device read ≤ ${T.deviceReadVsChanged}× changed bytes`,
        scope,
        value: ratio(p.readVsChanged),
        pass: judged(p.readVsChanged <= T.deviceReadVsChanged),
      });
    }
    const sorted = [...results].sort((a, b) => a.sizeBytes - b.sizeBytes);
    const [small, large] = [pathFigures(sorted[0]!, path), pathFigures(sorted.at(-1)!, path)];
    if (results.length >= 2 && small && large) {
      const r = large.freeze / small.freeze;
      out.push({
        target: `freeze ${sizeLabel(sorted.at(-1)!.sizeBytes)} ≤ ${T.freezeLargestVsSmallest}× ${sizeLabel(sorted[0]!.sizeBytes)}`,
        scope: path,
        value: ratio(r),
        pass: small.allInstant && large.allInstant && r <= T.freezeLargestVsSmallest,
      });
    } else if (small) {
      out.push({
        target: `freeze within ${T.freezeLargestVsSmallest}× across sizes`,
        scope: path,
        value: "n/a (one size)",
        pass: null,
      });
    }
  }
  return out;
}

/** `cliStartupSeconds`: `pitcrew help` alone, which the freeze pays once (node and the CLI's modules loading). */
export function instantSummary(results: InstantResult[], cliStartupSeconds: number | null = null): string {
  const parts: string[] = [];
  parts.push(
    `Instant mode (XFS reflink), update of ${INSTANT_PERCENT} % changed 32 KiB chunks, medians of the rounds ` +
      "(cold cache; freeze = the -u s command alone, clone taken and copy started)",
  );
  const rows = results.map((res) => {
    const f = figures(res);
    return [
      `${sizeLabel(res.sizeBytes)}${res.age === "aged" ? " aged" : ""}`,
      `${res.masterExtentsAtStart ?? "?"} → ${f.extents.map((e) => e ?? "?").join(", ")}`,
      secs(f.freeze),
      cliStartupSeconds == null ? "n/a" : secs(f.freeze - cliStartupSeconds),
      f.cloneMs == null ? "n/a" : `${Math.round(f.cloneMs)} ms`,
      f.diffMs == null ? "n/a" : `${f.diffMs} ms`,
      secs(f.update),
      secs(f.worker),
      f.rsync == null ? "—" : secs(f.rsync),
      secs(f.read),
      ratio(f.freeze / f.read),
      ratio(f.update / f.read),
      f.rsync == null ? "—" : ratio(f.rsync / f.update),
      mib(f.deviceRead),
      mib(median(res.rounds.map((x) => x.changedChunks)) * CHUNK_BYTES),
      ratio(f.readVsChanged),
      `${f.instant}/${res.rounds.length}`,
      f.agent ? secs(f.agent.freeze) : "—",
      f.agent ? secs(f.agent.update) : "—",
      f.agent && f.rsync != null ? ratio(f.rsync / f.agent.update) : "—",
      f.agent ? `${f.agent.instant}/${res.agentRounds.length}` : "—",
    ];
  });
  parts.push(
    table(
      [
        "size",
        "master extents (start → per round)",
        "freeze",
        "freeze − start-up",
        "clone",
        "extent diff",
        "CLI -u s … -w",
        "worker",
        "rsync",
        "read",
        "freeze/read",
        "CLI/read",
        "rsync/CLI",
        "device read",
        "changed",
        "dev read/changed",
        "instant",
        "agent freeze",
        "agent update",
        "rsync/agent",
        "agent instant",
      ],
      rows,
    ),
  );
  parts.push(
    "freeze − start-up: the freeze less the CLI's start-up alone (median of 3 × `pitcrew help`), what the command spends " +
      'in the engine; clone: FICLONE time from the set\'s clone record; extent diff: ds.log "Changes of … from extent maps"; device read: ' +
      "/sys/block/<loop>/stat sectors read ×512 of the XFS image's loop device, from before -u s to after -w; instant: rounds the " +
      "engine updated from extent maps (not by reading its clone); agent: the same update as the host agent's set.copy job runs it, " +
      "in a process already running (bench/instant-agent-child.ts), on a fresh 1 % after each round.",
  );
  const word = (pass: boolean | null) => (pass == null ? "n/a" : pass ? "PASS" : "MISS");
  parts.push(
    "\nInstant-mode targets: CLI = pitcrew iiadm --local (a process start per command: -u s, then -w); " +
      "agent = the host agent's job path (the runbook's), no process start",
  );
  parts.push(
    table(
      ["target", "scope", "value", "verdict"],
      instantVerdicts(results).map((v) => [v.target, v.scope, v.value, word(v.pass)]),
    ),
  );
  return parts.join("\n");
}
