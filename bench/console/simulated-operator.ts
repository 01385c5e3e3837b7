// A simulated operator: polls what the console's pages poll while jobs run (every second,
// lib/poll-interval.ts): the overview's lists, one host's sets (`iiadm -i` on its page), and a
// running job's progress.
import { setTimeout as sleep } from "node:timers/promises";
import type { LatencyRecorder } from "./latency-recorder";

export interface SimulatedOperatorOptions {
  consoleUrl: string;
  token: string;
  hosts: readonly string[];
  recorder: LatencyRecorder;
  /** A job to watch, when one runs. */
  runningJob: () => string | null;
  pollMs: number;
}

export class SimulatedOperator {
  private stopped = false;

  constructor(private readonly o: SimulatedOperatorOptions) {}

  private async get(procedure: string, input: unknown): Promise<unknown> {
    const url = `${this.o.consoleUrl}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${this.o.token}` },
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status} ${text.slice(0, 200)}`);
    return text.length;
  }

  async run(): Promise<void> {
    await sleep(Math.random() * this.o.pollMs);
    while (!this.stopped) {
      const started = Date.now();
      const host = this.o.hosts[Math.floor(Math.random() * this.o.hosts.length)]!;
      const job = this.o.runningJob();
      const r = this.o.recorder;
      await Promise.all([
        r.time("overview host.list", () => this.get("host.list", undefined)),
        r.time("overview set.everywhere", () => this.get("set.everywhere", {})),
        r.time("overview diskGroup.everywhere", () => this.get("diskGroup.everywhere", undefined)),
        r.time("overview job.list running", () => this.get("job.list", { state: "running" })),
        r.time("set info of a host", () => this.get("set.info", { host, target: { kind: "all" } })),
        ...(job ? [r.time("job poll", () => this.get("job.get", { id: job }))] : []),
      ]);
      await sleep(Math.max(0, this.o.pollMs - (Date.now() - started)));
    }
  }

  stop(): void {
    this.stopped = true;
  }
}
