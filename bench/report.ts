// Results and their presentation: the per-case records run.ts fills in, the summary tables and
// the PASS/MISS verdicts. Speeds are quoted as ratios against peers measured in the same run
// (absolute MB/s moves ±30 % between runs on these VMs). MB/s uses MB = 10^6 bytes.
import type { CliTiming } from "./engine";
import type { ChildResult } from "./engine-copy-child";
import type { PeerTiming } from "./peers";
import { MiB, sizeLabel } from "./system";
import type { Kind } from "./volumes";

/** The worst round's peak memory (medians are for times; memory must fit in every round). */
export interface PeakRss {
  worker: number | null;
  child: number;
}

/** The median round of each tool (by time). */
export interface FullCopyResult {
  cli: CliTiming;
  child: ChildResult;
  peers: PeerTiming[];
  peakRss: PeakRss;
}

export interface UpdateResult {
  percent: number;
  changedChunks: number;
  cli: CliTiming;
  child: ChildResult;
  rsync: PeerTiming | null;
  read: PeerTiming;
  peakRss: PeakRss;
}

export interface CaseResult {
  sizeBytes: number;
  kind: Kind;
  note: string;
  full: FullCopyResult | null;
  updates: UpdateResult[];
}

export const TARGETS = {
  fullVsBestPeer: 1.0,
  update1VsRsync: 3.0,
  update1VsRead: 1.2,
  rssBytes: 200 * MiB,
} as const;

const mbps = (bytes: number, seconds: number) => `${Math.round(bytes / seconds / 1e6)} MB/s`;
const secs = (s: number | null | undefined) => (s == null ? "n/a" : `${s.toFixed(2)} s`);
const ratio = (r: number | null) => (r == null || !Number.isFinite(r) ? "n/a" : `${r.toFixed(2)}×`);
const mib = (b: number | null | undefined) => (b == null ? "n/a" : `${(b / MiB).toFixed(0)} MiB`);
export const caseLabel = (c: { sizeBytes: number; kind: Kind }) =>
  `${sizeLabel(c.sizeBytes)} ${c.kind === "file" ? "file" : "device"}`;

/** Time and speed of a full copy, for the step-by-step log. */
export function timeAndSpeed(bytes: number, seconds: number): string {
  return `${secs(seconds)}  ${mbps(bytes, seconds)}`;
}

export { secs, ratio, mib };

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function bestPeer(full: FullCopyResult): PeerTiming {
  return full.peers.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

/** Engine speed / peer speed = peer time / engine time (> 1: the engine is faster). */
const speedRatio = (engineSeconds: number, peerSeconds: number) => peerSeconds / engineSeconds;

export interface Verdict {
  target: string;
  scope: string;
  /** The product path: `pitcrew iiadm --local`, what users run (the verdict that counts). */
  cli: { value: string; pass: boolean | null };
  /** The engine functions alone, without CLI start-up and polling (where the engine itself stands). */
  inProcess: { value: string; pass: boolean | null };
}

const NA = { value: "n/a", pass: null };

export function verdicts(cases: CaseResult[]): Verdict[] {
  const out: Verdict[] = [];
  for (const c of cases) {
    const scope = caseLabel(c);
    if (c.full) {
      const peer = bestPeer(c.full);
      const r = speedRatio(c.full.cli.wallSeconds, peer.seconds);
      const inProc = speedRatio(c.full.child.copyMs / 1000, peer.seconds);
      out.push({
        target: `full copy ≥ ${TARGETS.fullVsBestPeer.toFixed(1)}× best peer (${peer.tool})`,
        scope,
        cli: { value: ratio(r), pass: r >= TARGETS.fullVsBestPeer },
        inProcess: { value: ratio(inProc), pass: inProc >= TARGETS.fullVsBestPeer },
      });
    }
    const u1 = c.updates.find((u) => u.percent === 1);
    if (u1) {
      const inProcSeconds = (u1.child.scanMs + u1.child.copyMs) / 1000;
      if (u1.rsync) {
        const cli = u1.rsync.seconds / u1.cli.wallSeconds;
        const inProc = u1.rsync.seconds / inProcSeconds;
        out.push({
          target: `update 1 % ≥ ${TARGETS.update1VsRsync.toFixed(1)}× rsync`,
          scope,
          cli: { value: ratio(cli), pass: cli >= TARGETS.update1VsRsync },
          inProcess: { value: ratio(inProc), pass: inProc >= TARGETS.update1VsRsync },
        });
      } else {
        out.push({
          target: `update 1 % ≥ ${TARGETS.update1VsRsync.toFixed(1)}× rsync`,
          scope,
          cli: { value: c.kind === "block" ? "n/a (device)" : "n/a (no rsync)", pass: null },
          inProcess: NA,
        });
      }
      const cli = u1.cli.wallSeconds / u1.read.seconds;
      const inProc = inProcSeconds / u1.read.seconds;
      out.push({
        target: `update 1 % ≤ ${TARGETS.update1VsRead.toFixed(1)}× a read`,
        scope,
        cli: { value: ratio(cli), pass: cli <= TARGETS.update1VsRead },
        inProcess: { value: ratio(inProc), pass: inProc <= TARGETS.update1VsRead },
      });
    }
    const worker = maxOf([c.full?.peakRss.worker ?? null, ...c.updates.map((u) => u.peakRss.worker)]);
    const child = maxOf([c.full?.peakRss.child ?? null, ...c.updates.map((u) => u.peakRss.child)]);
    out.push({
      target: `peak RSS < ${mib(TARGETS.rssBytes)}`,
      scope,
      cli: { value: mib(worker), pass: worker == null ? null : worker < TARGETS.rssBytes },
      inProcess: { value: mib(child), pass: child == null ? null : child < TARGETS.rssBytes },
    });
  }
  return out;
}

export function summary(cases: CaseResult[]): string {
  const parts: string[] = [];
  const fullRows = cases
    .filter((c) => c.full)
    .map((c) => {
      const f = c.full!;
      const peer = bestPeer(f);
      const byTool = (tool: string) => f.peers.find((p) => p.tool === tool);
      const cell = (p: PeerTiming | undefined) => (p ? timeAndSpeed(c.sizeBytes, p.seconds) : "—");
      return [
        caseLabel(c),
        timeAndSpeed(c.sizeBytes, f.cli.wallSeconds),
        secs(f.cli.workerSeconds),
        timeAndSpeed(c.sizeBytes, f.child.copyMs / 1000),
        cell(byTool("cp --reflink=never")),
        cell(byTool("dd bs=1M direct")),
        ratio(speedRatio(f.cli.wallSeconds, peer.seconds)),
        ratio(speedRatio(f.child.copyMs / 1000, peer.seconds)),
      ];
    });
  parts.push("Full copy, medians of the rounds (cold cache; peers timed up to the end of a trailing sync)");
  parts.push(
    table(
      [
        "volume",
        "engine CLI (-e ind … -w)",
        "worker",
        "copyChunks in-process",
        "cp --reflink=never",
        "dd bs=1M direct",
        "CLI/best peer",
        "in-proc/best peer",
      ],
      fullRows,
    ),
  );

  const updRows = cases.flatMap((c) =>
    c.updates.map((u) => {
      const inProc = (u.child.scanMs + u.child.copyMs) / 1000;
      return [
        `${caseLabel(c)} ${u.percent} %`,
        String(u.changedChunks),
        secs(u.cli.wallSeconds),
        secs(u.cli.workerSeconds),
        `${secs(inProc)} (${(u.child.scanMs / 1000).toFixed(2)}+${(u.child.copyMs / 1000).toFixed(2)})`,
        u.rsync ? secs(u.rsync.seconds) : "—",
        secs(u.read.seconds),
        u.rsync ? ratio(u.rsync.seconds / u.cli.wallSeconds) : "—",
        u.rsync ? ratio(u.rsync.seconds / inProc) : "—",
        ratio(u.cli.wallSeconds / u.read.seconds),
        ratio(inProc / u.read.seconds),
        u.rsync ? ratio(u.rsync.seconds / u.read.seconds) : "—",
      ];
    }),
  );
  parts.push(
    "\nUpdate of changed 32 KiB chunks, medians of the rounds (cold cache; in-process = one scanAndCopy pass)",
  );
  parts.push(
    table(
      [
        "volume / changed",
        "chunks",
        "engine CLI (-u s … -w)",
        "worker",
        "in-process (scan+copy)",
        "rsync",
        "read",
        "rsync/CLI",
        "rsync/in-proc",
        "CLI/read",
        "in-proc/read",
        "rsync/read",
      ],
      updRows,
    ),
  );
  // A scan reads the master at least once, so it can beat rsync by no more than rsync's time in reads.
  parts.push("rsync/read: rsync's time in plain reads of the master, the most any scan-based update can gain on it.");

  const rssRows = cases.map((c) => [
    caseLabel(c),
    mib(c.full?.peakRss.worker),
    mib(c.full?.peakRss.child),
    mib(maxOf(c.updates.map((u) => u.peakRss.worker))),
    mib(maxOf(c.updates.map((u) => u.peakRss.child))),
  ]);
  parts.push("\nPeak RSS, worst round (worker: VmHWM sampled every 20 ms; in-process: process.resourceUsage().maxRSS)");
  parts.push(table(["volume", "worker copy", "in-process copy", "worker update", "in-process update"], rssRows));

  const v = verdicts(cases);
  const word = (pass: boolean | null) => (pass == null ? "n/a" : pass ? "PASS" : "MISS");
  parts.push(
    "\nTargets — product path (pitcrew iiadm --local, what users run) and engine in-process (no CLI start-up or -w polling)",
  );
  parts.push(
    table(
      ["target", "volume", "product path", "verdict", "in-process", "verdict"],
      v.map((x) => [x.target, x.scope, x.cli.value, word(x.cli.pass), x.inProcess.value, word(x.inProcess.pass)]),
    ),
  );
  return parts.join("\n");
}

function maxOf(values: (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v != null);
  return xs.length ? Math.max(...xs) : null;
}
