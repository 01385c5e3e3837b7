// A simulated host agent: the real protocol over HTTP (lib/agent-protocol.ts), without volumes.
// It enrols, heartbeats with its full inventory, waits for work in claim long-polls, and runs a
// claimed job as a copy that reports progress every second for `jobSeconds`, then finishes.
import { setTimeout as sleep } from "node:timers/promises";
import { PROTOCOL_VERSION, type ClaimedJob, type Inventory } from "@/lib/agent-protocol";
import type { LatencyRecorder } from "./latency-recorder";
import { simulatedInventory } from "./simulated-inventory";

export interface SimulatedAgentOptions {
  consoleUrl: string;
  host: string;
  sets: number;
  heartbeatMs: number;
  claimWaitSeconds: number;
  jobSeconds: number;
  recorder: LatencyRecorder;
  /** Called when this agent claims a job, for queue-to-claim times. */
  onClaim: (jobId: string, at: number) => void;
}

export class SimulatedAgent {
  private credential = "";
  private stopped = false;
  private readonly running = new Map<string, number>();
  readonly inventory: Inventory;

  constructor(private o: SimulatedAgentOptions) {
    this.inventory = simulatedInventory(o.host, o.sets);
  }

  private async post(path: string, body: unknown, timeoutMs = 30_000): Promise<unknown> {
    const res = await fetch(`${this.o.consoleUrl}/api/agent/v1${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(this.credential ? { authorization: `Bearer ${this.credential}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status} ${text.slice(0, 200)}`);
    return JSON.parse(text);
  }

  /** Enrols, trying again (as a real agent does) when the console fails the request. */
  async enrol(enrolmentToken: string): Promise<void> {
    for (let tries = 1; tries <= 5; tries++) {
      const r = (await this.o.recorder.time("agent enrol", () =>
        this.post("/enrol", {
          enrolmentToken,
          hostName: this.o.host,
          agentVersion: "bench",
          protocolVersion: PROTOCOL_VERSION,
        }),
      )) as { credential: string } | null;
      if (r) {
        this.credential = r.credential;
        return;
      }
      await sleep(1000 * tries);
    }
    throw new Error(`${this.o.host} could not enrol: ${this.o.recorder.topErrors(1).join("")}`);
  }

  /** Runs until stop(); heartbeats start at a random offset so the agents do not beat in step. */
  async run(): Promise<void> {
    await Promise.all([this.heartbeats(), this.claims()]);
  }

  stop(): void {
    this.stopped = true;
  }

  /** Records from now on into `recorder` (after a warm-up). */
  recordInto(recorder: LatencyRecorder): void {
    this.o.recorder = recorder;
  }

  private async heartbeats(): Promise<void> {
    await sleep(Math.random() * this.o.heartbeatMs);
    while (!this.stopped) {
      const started = Date.now();
      this.inventory.collectedAt = started;
      await this.o.recorder.time("agent heartbeat", () =>
        this.post("/heartbeat", {
          agentVersion: "bench",
          protocolVersion: PROTOCOL_VERSION,
          inventory: this.inventory,
          runningJobs: [...this.running].map(([jobId, attempt]) => ({ jobId, attempt })),
        }),
      );
      await sleep(Math.max(0, this.o.heartbeatMs - (Date.now() - started)));
    }
  }

  private async claims(): Promise<void> {
    while (!this.stopped) {
      const r = (await this.o.recorder.time("agent claim (long-poll)", () =>
        this.post("/claim", { waitSeconds: this.o.claimWaitSeconds }, (this.o.claimWaitSeconds + 15) * 1000),
      )) as { job: ClaimedJob | null } | null;
      if (!r) {
        await sleep(1000); // as the real agent backs off after a failed request
        continue;
      }
      if (r.job) {
        this.o.onClaim(r.job.id, Date.now());
        await this.runJob(r.job);
      }
    }
  }

  private async runJob(job: ClaimedJob): Promise<void> {
    this.running.set(job.id, job.attempt);
    const bytesTotal = 8 * 1024 ** 3;
    const set = this.inventory.sets[0]!.shadow;
    for (let s = 1; s <= this.o.jobSeconds && !this.stopped; s++) {
      const done = Math.round((bytesTotal * s) / this.o.jobSeconds);
      const progress = {
        chunksDone: Math.floor(done / 32768),
        chunksTotal: bytesTotal / 32768,
        bytesDone: done,
        bytesTotal,
        rateBytesPerSec: bytesTotal / this.o.jobSeconds,
        etaSeconds: this.o.jobSeconds - s,
        phase: "copying" as const,
        direction: "to-shadow" as const,
        updatedAt: Date.now(),
        set,
      };
      await this.o.recorder.time("agent progress events", () =>
        this.post(`/jobs/${encodeURIComponent(job.id)}/events`, {
          attempt: job.attempt,
          events: [{ seq: s, at: Date.now(), type: "progress", progress }],
        }),
      );
      await sleep(1000);
    }
    await this.o.recorder.time("agent finish", () =>
      this.post(`/jobs/${encodeURIComponent(job.id)}/finish`, {
        attempt: job.attempt,
        outcome: "succeeded",
        result: null,
        error: null,
      }),
    );
    this.running.delete(job.id);
  }
}
