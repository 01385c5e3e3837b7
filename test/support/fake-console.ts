// Test support: an in-memory console implementing AgentApi, for the agent's unit tests
// only: the end-to-end tests run against the real console (docs/architecture.md §10 rule 10). It validates every
// request with the lib/agent-protocol schemas, as the real routes do.
import {
  claimRequestSchema,
  enrolRequestSchema,
  heartbeatRequestSchema,
  jobEventsRequestSchema,
  jobFinishRequestSchema,
  type ClaimedJob,
  type JobEvent,
} from "@/lib/agent-protocol";
import {
  ApiError,
  type AgentApi,
  type ClaimRequest,
  type ClaimResponse,
  type EnrolRequest,
  type EnrolResponse,
  type HeartbeatRequest,
  type HeartbeatResponse,
  type JobEventsRequest,
  type JobEventsResponse,
  type JobFinishRequest,
} from "@/agent/api-client";

type FinishRecord = ReturnType<typeof jobFinishRequestSchema.parse>;

export class FakeConsole implements AgentApi {
  readonly enrolmentToken = "enrol-token-0123456789";
  readonly issuedCredential = "cred-" + "k".repeat(40);
  credentialInUse: string | null = null;
  enrolments = 0;
  heartbeats: ReturnType<typeof heartbeatRequestSchema.parse>[] = [];
  wantInventory = false;
  readonly queue: ClaimedJob[] = [];
  /** Every claim the agent made, and what it asked for. */
  readonly claims: { only: "resume" | null }[] = [];
  readonly jobEvents = new Map<string, JobEvent[]>();
  readonly eventCalls: { jobId: string; seqs: number[]; failed: boolean }[] = [];
  readonly finished = new Map<string, FinishRecord>();
  readonly cancelRequested = new Set<string>();
  /** The next N events calls fail with HTTP 503. */
  failNextEvents = 0;
  private waiters: (() => void)[] = [];

  private notify() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private auth(route: string) {
    if (this.credentialInUse !== this.issuedCredential)
      throw new ApiError(route, 401, "UNAUTHORIZED", "bad credential");
  }

  addJob(id: string, kind: string, args: Record<string, unknown>): void {
    this.queue.push({
      id,
      kind,
      args,
      attempt: 1,
      leaseExpiresAt: Date.now() + 60_000,
      deadlineAt: Date.now() + 3_600_000,
    });
    this.notify();
  }

  async enrol(req: EnrolRequest): Promise<EnrolResponse> {
    const r = enrolRequestSchema.parse(req);
    if (r.enrolmentToken !== this.enrolmentToken)
      throw new ApiError("/enrol", 401, "BAD_TOKEN", "unknown enrolment token");
    this.enrolments++;
    return { hostId: "host-1", credential: this.issuedCredential };
  }

  setCredential(credential: string): void {
    this.credentialInUse = credential;
  }

  async heartbeat(req: HeartbeatRequest): Promise<HeartbeatResponse> {
    this.auth("/heartbeat");
    this.heartbeats.push(heartbeatRequestSchema.parse(req));
    const want = this.wantInventory;
    this.wantInventory = false;
    this.notify();
    return { serverTime: Date.now(), cancelJobIds: [...this.cancelRequested], wantInventory: want };
  }

  async claim(req: ClaimRequest, signal?: AbortSignal): Promise<ClaimResponse> {
    this.auth("/claim");
    const { waitSeconds, only } = claimRequestSchema.parse(req);
    // As the console's claim: "resume" takes only a resume hook.
    const next = () => this.queue.findIndex((j) => !only || (j.kind === "hook.run" && j.args.purpose === "resume"));
    this.claims.push({ only: only ?? null });
    const until = Date.now() + Math.min(waitSeconds * 1000, 2000);
    while (next() < 0 && Date.now() < until) {
      if (signal?.aborted) throw new ApiError("/claim", 0, "NETWORK", "aborted");
      await new Promise((r) => setTimeout(r, 20));
    }
    const i = next();
    return { job: i < 0 ? null : this.queue.splice(i, 1)[0]! };
  }

  async events(jobId: string, req: JobEventsRequest): Promise<JobEventsResponse> {
    this.auth("/events");
    const parsed = jobEventsRequestSchema.safeParse(req);
    if (!parsed.success) throw new ApiError(`/jobs/${jobId}/events`, 400, "BAD_REQUEST", parsed.error.message);
    const r = parsed.data;
    const seqs = r.events.map((e) => e.seq);
    if (this.failNextEvents > 0) {
      this.failNextEvents--;
      this.eventCalls.push({ jobId, seqs, failed: true });
      throw new ApiError(`/jobs/${jobId}/events`, 503, "UNAVAILABLE", "try again");
    }
    this.eventCalls.push({ jobId, seqs, failed: false });
    const list = this.jobEvents.get(jobId) ?? [];
    for (const e of r.events) {
      const seen = list.find((x) => x.seq === e.seq);
      if (seen && JSON.stringify(seen) !== JSON.stringify(e))
        throw new Error(`event ${e.seq} of ${jobId} changed on retry`);
      if (!seen) list.push(e);
    }
    list.sort((a, b) => a.seq - b.seq);
    this.jobEvents.set(jobId, list);
    this.notify();
    return { cancelRequested: this.cancelRequested.has(jobId), leaseExpiresAt: Date.now() + 60_000 };
  }

  async finish(jobId: string, req: JobFinishRequest): Promise<void> {
    this.auth("/finish");
    this.finished.set(jobId, jobFinishRequestSchema.parse(req));
    this.notify();
  }

  /** Resolves when `predicate` holds, checked after every request. */
  async until<T>(predicate: () => T | undefined | null | false, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = predicate();
      if (v) return v;
      if (Date.now() > deadline) throw new Error("FakeConsole.until: timed out");
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
  }

  waitFinished(jobId: string, timeoutMs?: number): Promise<FinishRecord> {
    return this.until(() => this.finished.get(jobId), timeoutMs);
  }
}
