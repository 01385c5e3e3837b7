// The agent's life (docs/agent-protocol.md, "The agent's loop"): enrol once, resume interrupted copies,
// then a heartbeat loop (inventory at start, after every job and when the console asks) beside a
// claim loop that long-polls for work and runs one job at a time, which also serialises
// conflicting operations for now. Beside a running job, a second lane claims only resume hooks:
// they touch no volume, and a runbook resumes the application while its update still copies
// from clones (lib/runbook-freeze.ts). stop() drains: the current jobs finish, no new one is
// claimed; a second stop() cancels them.
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { ConfigStore } from "@/engine/config-store";
import { diskGroupDirOf } from "@/engine/disk-group-of-volume";
import type { EngineContext } from "@/engine/engine-context";
import { inProcessLauncher } from "@/engine/run-set-copies";
import { resumeInterruptedCopies } from "@/engine/set-control";
import { type ClaimedJob, PROTOCOL_VERSION } from "@/lib/agent-protocol";
import { acquireAgentLock } from "./agent-process-lock";
import { ApiError, type AgentApi } from "./api-client";
import { collectInventory } from "./collect-inventory";
import { FreezeGuard } from "./freeze-guard";
import { runHook } from "./run-hook";
import type { AgentConfig } from "./config";
import { JobRun } from "./job-runner";
import { ReportLane } from "./report-lane";

export const AGENT_VERSION = "0.1.0";

const isFreezeHook = (job: ClaimedJob) =>
  job.kind === "hook.run" && (job.args.purpose === "quiesce" || job.args.purpose === "resume");

export type AgentState = "starting" | "idle" | "claiming" | "running" | "draining" | "stopped";

export interface AgentOptions {
  config: AgentConfig;
  api: AgentApi;
  log?: (line: string) => void;
  /** Overrides for tests. */
  flushEveryMs?: number;
  retryBackoffMs?: number;
}

/** Waits `ms`, or less when `signal` is (or gets) aborted; never rejects. */
function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch((err: unknown) => {
    if ((err as Error).name !== "AbortError") throw err;
  });
}

export function createEngineContext(config: AgentConfig, log: (line: string) => void): EngineContext {
  const store = new ConfigStore(config.stateDir);
  return {
    stateDir: config.stateDir,
    config: store,
    launcher: inProcessLauncher(config.stateDir, store),
    travelDirFor: (v) => diskGroupDirOf(v, config.diskGroupRoots),
    hostName: config.hostName,
    warn: (m) => log(`warning: ${m}`),
  };
}

/** Reads the stored credential, or enrols with the one-time token and stores it (mode 0600). */
export async function ensureCredential(config: AgentConfig, api: AgentApi, log: (line: string) => void): Promise<void> {
  const stored = await readFile(config.credentialFile, "utf8").then(
    (t) => t.trim(),
    () => "",
  );
  if (stored) {
    api.setCredential(stored);
    return;
  }
  if (!config.enrolmentToken) {
    throw new Error(`no credential in ${config.credentialFile} and no enrolmentToken in the config: cannot enrol`);
  }
  const res = await api.enrol({
    enrolmentToken: config.enrolmentToken,
    hostName: config.hostName,
    agentVersion: AGENT_VERSION,
    protocolVersion: PROTOCOL_VERSION,
  });
  await mkdir(path.dirname(config.credentialFile), { recursive: true, mode: 0o700 });
  await writeFile(config.credentialFile, `${res.credential}\n`, { mode: 0o600 });
  await chmod(config.credentialFile, 0o600); // writeFile's mode applies only to a new file
  api.setCredential(res.credential);
  log(`enrolled with the console as host ${res.hostId}; credential stored in ${config.credentialFile}`);
}

export class Agent {
  state: AgentState = "starting";
  readonly engine: EngineContext;
  private readonly log: (line: string) => void;
  private readonly stopClaims = new AbortController();
  private readonly stopHeartbeats = new AbortController();
  private wakeHeartbeat = new AbortController();
  private current: JobRun | null = null;
  /** A resume hook run beside `current` (resumeLane). */
  private beside: JobRun | null = null;
  private besideLane: Promise<void> | null = null;
  private inventoryDue = true;
  /** Until the console has taken one heartbeat from this process (see heartbeatRequestSchema.agentRestarted). */
  private restartUnreported = true;
  private stopRequests = 0;
  /** One for the agent: the job that quiesces and the job that resumes are different jobs. */
  readonly freezeGuard: FreezeGuard;
  /** Heartbeats and finishes reach the console in the order the agent made them (report-lane.ts). */
  private readonly reports = new ReportLane();
  private readonly orderedApi: AgentApi;

  constructor(private readonly opts: AgentOptions) {
    this.log = opts.log ?? ((line) => process.stdout.write(`${new Date().toISOString()} pitcrew-agent: ${line}\n`));
    this.engine = createEngineContext(opts.config, this.log);
    this.freezeGuard = new FreezeGuard(
      async (hook) => void (await runHook(opts.config.hooks, hook)),
      this.log,
      path.join(opts.config.stateDir, "freeze.json"),
    );
    const api = opts.api;
    this.orderedApi = {
      enrol: (req) => api.enrol(req),
      setCredential: (c) => api.setCredential(c),
      heartbeat: (req, signal) => api.heartbeat(req, signal),
      claim: (req, signal) => api.claim(req, signal),
      events: (id, req) => api.events(id, req),
      finish: (id, req) => this.reports.run(() => api.finish(id, req)),
    };
  }

  private inventory() {
    return collectInventory({
      engine: this.engine,
      roots: this.cfg.diskGroupRoots,
      hooks: Object.keys(this.cfg.hooks),
      tapeDevices: this.cfg.tapeDevices,
      archiveRoots: this.cfg.archiveRoots,
      freezeGuard: this.freezeGuard,
    });
  }

  private get cfg(): AgentConfig {
    return this.opts.config;
  }

  /** First call: finish the current job, then stop. Second: cancel the current job now. */
  stop(): void {
    this.stopRequests++;
    if (this.stopRequests === 1) {
      this.log(this.current ? `stopping after job ${this.current.job.id} finishes` : "stopping");
      if (this.state !== "stopped") this.state = "draining";
      this.stopClaims.abort();
    } else {
      this.current?.cancel("the agent is stopping now");
      this.beside?.cancel("the agent is stopping now");
    }
  }

  async run(): Promise<void> {
    const { config } = this.opts;
    // Before anything touches the state dir: a second agent for this host is refused (agent-process-lock.ts).
    const releaseLock = await acquireAgentLock(config.stateDir, config.hostName);
    try {
      await this.runLocked();
    } finally {
      await releaseLock();
    }
  }

  private async runLocked(): Promise<void> {
    const { config, api } = this.opts;
    // Before anything else, even before the console answers: an application never stays frozen.
    await this.freezeGuard.recoverAfterRestart();
    // A console that is down at boot is waited for; a refused token is fatal.
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureCredential(config, api, this.log);
        break;
      } catch (err) {
        if (!(err instanceof ApiError) || !err.retryable || this.stopClaims.signal.aborted) throw err;
        this.log(`enrolment failed (will retry): ${err.message}`);
        await abortableSleep(
          Math.min((this.opts.retryBackoffMs ?? 1000) * 2 ** Math.min(attempt - 1, 5), 30_000),
          this.stopClaims.signal,
        );
      }
    }
    const resumed = await resumeInterruptedCopies(this.engine);
    this.log(
      resumed.length
        ? `resumed ${resumed.length} interrupted cop${resumed.length === 1 ? "y" : "ies"} (sets ${resumed.join(", ")})`
        : "no interrupted copies to resume",
    );
    // The first heartbeat (with inventory) goes out before the first claim.
    await this.heartbeatOnce();
    const heartbeats = this.heartbeatLoop();
    try {
      await this.claimLoop();
      await this.besideLane;
    } finally {
      this.stopHeartbeats.abort();
      this.wakeHeartbeat.abort();
      await heartbeats;
      await this.freezeGuard.autoThaw("the agent is stopping");
      this.state = "stopped";
      this.log("stopped");
    }
  }

  private heartbeatOnce(): Promise<void> {
    return this.reports.run(() => this.sendHeartbeat());
  }

  private async sendHeartbeat(): Promise<void> {
    try {
      // An inventory that cannot be collected or is over the protocol's limits (lib/inventory-limits.ts)
      // must not silence the heartbeat too: the host would look dead and its jobs lose their leases.
      const wantInventory = this.inventoryDue;
      const inventory = wantInventory
        ? await this.inventory().catch((err: Error) => {
            this.log(`heartbeat without inventory: collecting it failed: ${err.message}`);
            return undefined;
          })
        : undefined;
      const res = await this.opts.api.heartbeat(
        {
          agentVersion: AGENT_VERSION,
          protocolVersion: PROTOCOL_VERSION,
          inventory,
          agentRestarted: this.restartUnreported,
          runningJobs: [this.current, this.beside]
            .filter((j) => j !== null)
            .map((j) => ({ jobId: j.job.id, attempt: j.job.attempt })),
        },
        this.stopHeartbeats.signal,
      );
      // While a copy runs outside any job (one resumed after a restart), every heartbeat carries
      // the inventory, so the console shows its progress and sees it end.
      if (wantInventory) this.inventoryDue = inventory?.sets.some((s) => s.progress !== null) ?? true;
      this.restartUnreported = false;
      if (res.wantInventory) this.inventoryDue = true;
      for (const run of [this.current, this.beside]) {
        if (run && res.cancelJobIds.includes(run.job.id)) run.cancel("the console asked to cancel the job");
      }
    } catch (err) {
      if (!this.stopHeartbeats.signal.aborted) this.log(`heartbeat failed: ${(err as Error).message}`);
      // A quiesced application must not wait for a console that may not come back.
      if (this.freezeGuard.state)
        await this.freezeGuard.autoThaw(`the agent lost the console (${(err as Error).message})`);
    }
  }

  private async heartbeatLoop(): Promise<void> {
    while (!this.stopHeartbeats.signal.aborted) {
      await abortableSleep(
        this.cfg.heartbeatSeconds * 1000,
        AbortSignal.any([this.stopHeartbeats.signal, this.wakeHeartbeat.signal]),
      );
      if (this.stopHeartbeats.signal.aborted) return;
      if (this.wakeHeartbeat.signal.aborted) this.wakeHeartbeat = new AbortController();
      await this.heartbeatOnce();
    }
  }

  private async claimLoop(): Promise<void> {
    let failures = 0;
    while (!this.stopClaims.signal.aborted) {
      this.state = "claiming";
      let job;
      try {
        ({ job } = await this.opts.api.claim({ waitSeconds: this.cfg.claimWaitSeconds }, this.stopClaims.signal));
        failures = 0;
      } catch (err) {
        if (this.stopClaims.signal.aborted) return;
        failures++;
        this.log(`claim failed: ${(err as Error).message}`);
        await abortableSleep(
          Math.min((this.opts.retryBackoffMs ?? 1000) * 2 ** Math.min(failures - 1, 5), 30_000),
          this.stopClaims.signal,
        );
        continue;
      }
      if (!job) continue;
      this.state = "running";
      this.log(`job ${job.id}: ${job.kind} (attempt ${job.attempt})`);
      this.current = this.jobRun(job);
      this.besideLane ??= this.resumeLane().finally(() => {
        this.besideLane = null;
      });
      try {
        await this.current.run();
      } finally {
        this.current = null;
        this.state = this.stopClaims.signal.aborted ? "draining" : "idle";
        await this.afterJob(job);
      }
    }
  }

  /** The job changed the host: the console gets the new inventory now. */
  private async afterJob(job: ClaimedJob): Promise<void> {
    this.inventoryDue = true;
    // Not after a quiesce: the next job (the update) is claimed at once, and the regular heartbeat carries the inventory.
    if (!isFreezeHook(job)) await this.heartbeatOnce();
  }

  private jobRun(job: ClaimedJob): JobRun {
    return new JobRun(job, {
      api: this.orderedApi,
      engine: this.engine,
      roots: this.cfg.diskGroupRoots,
      archiveRoots: this.cfg.archiveRoots,
      tapeDevices: this.cfg.tapeDevices,
      hostName: this.cfg.hostName,
      log: this.log,
      flushEveryMs: this.opts.flushEveryMs,
      // A quiesce or resume hook changes no volume, and collecting an inventory takes a while: the
      // finish goes without one, so the application is not kept frozen for it.
      collectInventory: isFreezeHook(job) ? undefined : () => this.inventory(),
      hooks: this.cfg.hooks,
      freezeBudgetMs: this.cfg.freezeBudgetSeconds * 1000,
      freezeGuard: this.freezeGuard,
      retryBackoffMs: this.opts.retryBackoffMs,
    });
  }

  /**
   * While a job runs, claims resume hooks only and runs them beside it. A claim under way when
   * that job ends is let finish (a claim abandoned mid-way could take a job for nobody); the
   * lane then stops, and the main lane takes every kind of job again.
   */
  private async resumeLane(): Promise<void> {
    let failures = 0;
    while (this.current && !this.stopClaims.signal.aborted) {
      let job;
      try {
        ({ job } = await this.opts.api.claim(
          { waitSeconds: this.cfg.claimWaitSeconds, only: "resume" },
          this.stopClaims.signal,
        ));
        failures = 0;
      } catch (err) {
        if (this.stopClaims.signal.aborted) return;
        failures++;
        this.log(`claim (resume hooks) failed: ${(err as Error).message}`);
        await abortableSleep(
          Math.min((this.opts.retryBackoffMs ?? 1000) * 2 ** Math.min(failures - 1, 5), 30_000),
          this.stopClaims.signal,
        );
        continue;
      }
      if (!job) continue;
      this.log(`job ${job.id}: ${job.kind} beside job ${this.current?.job.id ?? "(none)"} (attempt ${job.attempt})`);
      this.beside = this.jobRun(job);
      try {
        await this.beside.run();
      } finally {
        this.beside = null;
        await this.afterJob(job);
      }
    }
  }
}
