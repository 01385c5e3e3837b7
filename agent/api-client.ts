// The agent's side of the console protocol (lib/agent-protocol.ts, docs/agent-protocol.md): plain JSON
// over HTTP under /api/agent/v1, every response parsed with the shared zod schemas. Heartbeat
// and claim retry network failures and 5xx with backoff; a 4xx is the console's answer and is
// never retried.
import { setTimeout as delay } from "node:timers/promises";
import type { z } from "zod";
import {
  AGENT_API_PREFIX,
  agentErrorResponseSchema,
  claimResponseSchema,
  enrolResponseSchema,
  heartbeatResponseSchema,
  jobEventsResponseSchema,
  jobFinishResponseSchema,
  type claimRequestSchema,
  type enrolRequestSchema,
  type heartbeatRequestSchema,
  type jobEventsRequestSchema,
  type jobFinishRequestSchema,
} from "@/lib/agent-protocol";

export type EnrolRequest = z.input<typeof enrolRequestSchema>;
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;
export type HeartbeatRequest = z.input<typeof heartbeatRequestSchema>;
export type HeartbeatResponse = z.infer<typeof heartbeatResponseSchema>;
export type ClaimRequest = z.input<typeof claimRequestSchema>;
export type ClaimResponse = z.infer<typeof claimResponseSchema>;
export type JobEventsRequest = z.input<typeof jobEventsRequestSchema>;
export type JobEventsResponse = z.infer<typeof jobEventsResponseSchema>;
export type JobFinishRequest = z.input<typeof jobFinishRequestSchema>;

/** What the agent needs from the console; the HTTP client below and the tests' fake console implement it. */
export interface AgentApi {
  enrol(req: EnrolRequest): Promise<EnrolResponse>;
  setCredential(credential: string): void;
  heartbeat(req: HeartbeatRequest, signal?: AbortSignal): Promise<HeartbeatResponse>;
  claim(req: ClaimRequest, signal?: AbortSignal): Promise<ClaimResponse>;
  events(jobId: string, req: JobEventsRequest): Promise<JobEventsResponse>;
  finish(jobId: string, req: JobFinishRequest): Promise<void>;
}

export class ApiError extends Error {
  constructor(
    readonly route: string,
    /** HTTP status; 0 for a network failure or an unreadable response. */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${route}: ${status ? `HTTP ${status} ` : ""}${code}: ${message}`);
    this.name = "ApiError";
  }

  get retryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

export interface ApiClientOptions {
  consoleUrl: string;
  credential?: string;
  fetch?: typeof fetch;
  /** Attempts for heartbeat and claim (network errors and 5xx). */
  attempts?: number;
  backoffMs?: number;
}

/** Waits `ms`, or less when `signal` is (or gets) aborted; never rejects. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch((err: unknown) => {
    if ((err as Error).name !== "AbortError") throw err;
  });
}

export function createApiClient(opts: ApiClientOptions): AgentApi {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.consoleUrl.replace(/\/+$/, "") + AGENT_API_PREFIX;
  let credential = opts.credential ?? null;
  const attempts = opts.attempts ?? 5;
  const backoffMs = opts.backoffMs ?? 500;

  async function post<S extends z.ZodType>(
    route: string,
    body: unknown,
    schema: S,
    signal?: AbortSignal,
    timeoutMs = 30_000,
  ): Promise<z.infer<S>> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (credential) headers.authorization = `Bearer ${credential}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await doFetch(base + route, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      throw new ApiError(route, 0, "NETWORK", (err as Error).message);
    }
    const text = await res.text().catch(() => "");
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // reported below
    }
    if (!res.ok) {
      const e = agentErrorResponseSchema.safeParse(json);
      if (e.success) throw new ApiError(route, res.status, e.data.error.code, e.data.error.message);
      throw new ApiError(route, res.status, "HTTP_ERROR", text.slice(0, 200) || res.statusText);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new ApiError(
        route,
        res.status,
        "BAD_RESPONSE",
        `response does not match the protocol: ${parsed.error.message}`,
      );
    return parsed.data;
  }

  async function withRetry<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (!(err instanceof ApiError) || !err.retryable || attempt >= attempts || signal?.aborted) throw err;
        await sleep(Math.min(backoffMs * 2 ** (attempt - 1), 10_000), signal);
      }
    }
  }

  return {
    enrol: (req) => post("/enrol", req, enrolResponseSchema),
    setCredential(c) {
      credential = c;
    },
    heartbeat: (req, signal) => withRetry(signal, () => post("/heartbeat", req, heartbeatResponseSchema, signal)),
    claim: (req, signal) =>
      withRetry(signal, () => post("/claim", req, claimResponseSchema, signal, ((req.waitSeconds ?? 0) + 15) * 1000)),
    events: (jobId, req) => post(`/jobs/${encodeURIComponent(jobId)}/events`, req, jobEventsResponseSchema),
    finish: async (jobId, req) => {
      await post(`/jobs/${encodeURIComponent(jobId)}/finish`, req, jobFinishResponseSchema);
    },
  };
}
