import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import { AGENT_API_PREFIX, PROTOCOL_VERSION, type Inventory } from "@/lib/agent-protocol";
import { prisma } from "@/server/db";
import { createEnrolmentToken } from "@/server/agents/create-enrolment-token";
import { revokeAgentCredential } from "@/server/agents/revoke-agent-credential";
import { cancelJob } from "@/server/jobs/cancel-job";
import { createJob } from "@/server/jobs/create-job";
import { resetJobTables } from "@/test/support/test-fixtures";
import { POST as claim } from "@/app/api/agent/v1/claim/route";
import { POST as enrol } from "@/app/api/agent/v1/enrol/route";
import { POST as heartbeat } from "@/app/api/agent/v1/heartbeat/route";
import { unpackInventoryDocument } from "@/server/hosts/inventory-document";
import { POST as events } from "@/app/api/agent/v1/jobs/[jobId]/events/route";
import { POST as finish } from "@/app/api/agent/v1/jobs/[jobId]/finish/route";

type Route = typeof claim;

async function call(
  route: Route,
  path: string,
  body: unknown,
  options: { credential?: string; params?: Record<string, string>; rawBody?: string } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.credential !== undefined) headers.authorization = `Bearer ${options.credential}`;
  const req = new Request(`http://x${AGENT_API_PREFIX}${path}`, {
    method: "POST",
    headers,
    body: options.rawBody ?? JSON.stringify(body),
  });
  const res = await route(req, { params: Promise.resolve(options.params ?? {}) });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } },
  };
}

async function enrolHost(hostName: string, tokenHostName?: string) {
  const { token } = await createEnrolmentToken({ ttlSeconds: 600, hostName: tokenHostName });
  return call(enrol, "/enrol", {
    enrolmentToken: token,
    hostName,
    agentVersion: "0.1.0",
    protocolVersion: PROTOCOL_VERSION,
  });
}

async function enrolledHost(hostName = "db-01"): Promise<{ hostId: string; credential: string }> {
  const { status, body } = await enrolHost(hostName);
  expect(status).toBe(200);
  return body as { hostId: string; credential: string };
}

const beat = (credential: string, extra: Record<string, unknown> = {}) =>
  call(heartbeat, "/heartbeat", { agentVersion: "0.1.0", protocolVersion: PROTOCOL_VERSION, ...extra }, { credential });

const inventory: Inventory = {
  roots: ["/san"],
  hooks: [],
  tapeDevices: [],
  diskGroups: [],
  sets: [],
  svVolumes: [],
  collectedAt: 1,
};

async function queuedJob(hostId: string, diskGroup = "dg1") {
  return createJob({ hostId, kind: "dg.startall", args: { diskGroup }, requestedById: null });
}

async function claimedJob(credential: string) {
  const { status, body } = await call(claim, "/claim", { waitSeconds: 0 }, { credential });
  expect(status).toBe(200);
  const job = (body as { job: { id: string; attempt: number } | null }).job;
  if (!job) throw new Error("expected a job");
  return job;
}

beforeEach(async () => {
  await resetJobTables();
  await prisma.enrolmentToken.deleteMany();
});

describe("enrol", () => {
  it("trades a valid token for a credential that works for heartbeat, and audits it", async () => {
    const { hostId, credential } = await enrolledHost("db-01");

    expect((await beat(credential)).status).toBe(200);
    expect(await prisma.host.findUnique({ where: { id: hostId }, select: { name: true, agentVersion: true } })).toEqual(
      { name: "db-01", agentVersion: "0.1.0" },
    );
    const stored = await prisma.agentCredential.findFirstOrThrow({ where: { hostId }, select: { tokenHash: true } });
    expect(stored.tokenHash).not.toContain(credential);
    expect(
      await prisma.auditEntry.count({ where: { action: "agent.enrol", result: "ok", object: "host db-01" } }),
    ).toBe(1);
  });

  it("refuses a token that was already used", async () => {
    const { token } = await createEnrolmentToken({ ttlSeconds: 600 });
    const request = {
      enrolmentToken: token,
      hostName: "db-01",
      agentVersion: "0.1.0",
      protocolVersion: PROTOCOL_VERSION,
    };
    expect((await call(enrol, "/enrol", request)).status).toBe(200);

    const again = await call(enrol, "/enrol", { ...request, hostName: "db-02" });

    expect(again.status).toBe(401);
    expect(again.body.error?.message).toMatch(/host db-02 refused: the enrolment token was already used/);
    expect(await prisma.auditEntry.count({ where: { action: "agent.enrol", result: "refused" } })).toBe(1);
  });

  it("refuses an expired token and an unknown one", async () => {
    const { token } = await createEnrolmentToken({ ttlSeconds: 60, now: new Date(Date.now() - 120_000) });
    const expired = await call(enrol, "/enrol", {
      enrolmentToken: token,
      hostName: "db-01",
      agentVersion: "1",
      protocolVersion: PROTOCOL_VERSION,
    });
    const unknown = await call(enrol, "/enrol", {
      enrolmentToken: "x".repeat(43),
      hostName: "db-01",
      agentVersion: "1",
      protocolVersion: PROTOCOL_VERSION,
    });

    expect(expired.status).toBe(401);
    expect(expired.body.error?.message).toMatch(/expired at/);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error?.message).toMatch(/not valid/);
  });

  it("refuses a token made for another host name", async () => {
    const res = await enrolHost("db-02", "db-01");

    expect(res.status).toBe(403);
    expect(res.body.error?.message).toMatch(/made for host db-01/);
  });

  it("refuses a generic token for a host with an active credential, but re-enrols with a token made for it", async () => {
    const first = await enrolledHost("db-01");

    expect((await enrolHost("db-01")).status).toBe(409);
    const again = await enrolHost("db-01", "db-01");

    expect(again.status).toBe(200);
    expect(again.body.hostId).toBe(first.hostId);
    expect((await beat(first.credential)).status).toBe(401);
    expect((await beat(String(again.body.credential))).status).toBe(200);
  });

  it("lets a host enrol again after its credential was revoked", async () => {
    const first = await enrolledHost("db-01");
    await revokeAgentCredential({ hostId: first.hostId, revokedById: null });

    const again = await enrolHost("db-01");

    expect(again.status).toBe(200);
    expect(again.body.hostId).toBe(first.hostId);
  });
});

describe("authentication", () => {
  const routes: [string, Route, unknown, Record<string, string>][] = [
    ["heartbeat", heartbeat, { agentVersion: "1", protocolVersion: PROTOCOL_VERSION }, {}],
    ["claim", claim, { waitSeconds: 0 }, {}],
    ["events", events, { attempt: 1, events: [] }, { jobId: "j1" }],
    ["finish", finish, { attempt: 1, outcome: "succeeded" }, { jobId: "j1" }],
  ];

  it.each(routes)(
    "%s answers 401 to a wrong, a missing and a revoked credential",
    async (name, route, body, params) => {
      const { hostId, credential } = await enrolledHost();
      const wrong = await call(route, `/${name}`, body, { credential: "not-a-credential", params });
      const missing = await call(route, `/${name}`, body, { params });
      await revokeAgentCredential({ hostId, revokedById: null });
      const revoked = await call(route, `/${name}`, body, { credential, params });

      for (const res of [wrong, missing, revoked]) {
        expect(res.status).toBe(401);
        expect(res.body.error?.code).toBe("UNAUTHORIZED");
      }
      // The same words for unknown and revoked: the answer leaks nothing.
      expect(revoked.body.error?.message).toBe(wrong.body.error?.message);
    },
  );

  it("refuses a credential of a revoked host", async () => {
    const { hostId, credential } = await enrolledHost();
    await prisma.host.update({ where: { id: hostId }, data: { revokedAt: new Date() } });

    expect((await beat(credential)).status).toBe(401);
  });
});

describe("input checks", () => {
  it("answers 400 naming the field for a missing field, and for a body that is not JSON", async () => {
    const { credential } = await enrolledHost();

    const missing = await call(claim, "/claim", {}, { credential });
    const notJson = await call(claim, "/claim", null, { credential, rawBody: "{nope" });

    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringMatching(/^waitSeconds: /),
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error?.message).toMatch(/not valid JSON/);
  });

  it("answers 426 to a protocol version the console does not speak", async () => {
    const { credential } = await enrolledHost();

    const res = await beat(credential, { protocolVersion: PROTOCOL_VERSION + 1 });

    expect(res.status).toBe(426);
    expect(res.body.error).toMatchObject({
      code: "UNSUPPORTED_PROTOCOL",
      message: expect.stringMatching(/protocolVersion: .*speaks agent protocol 1/),
    });
  });
});

describe("heartbeat", () => {
  it("stores the inventory, asks for one only when none is fresh, and renews a running job's lease", async () => {
    const { hostId, credential } = await enrolledHost();
    await queuedJob(hostId);
    const job = await claimedJob(credential);
    await prisma.job.update({ where: { id: job.id }, data: { leaseExpiresAt: new Date(Date.now() + 1000) } });

    const first = await beat(credential);
    const second = await beat(credential, { inventory, runningJobs: [{ jobId: job.id, attempt: job.attempt }] });
    const third = await beat(credential);

    expect(first.body).toMatchObject({ wantInventory: true, cancelJobIds: [] });
    expect(second.body).toMatchObject({ wantInventory: false, cancelJobIds: [] });
    expect(third.body.wantInventory).toBe(false);
    const host = await prisma.host.findUniqueOrThrow({
      where: { id: hostId },
      select: { inventoryGzip: true, inventoryJson: true, lastHeartbeat: true },
    });
    expect(JSON.parse((await unpackInventoryDocument(host)) ?? "null")).toEqual(inventory);
    expect(host.lastHeartbeat).not.toBeNull();
    const { leaseExpiresAt } = await prisma.job.findUniqueOrThrow({
      where: { id: job.id },
      select: { leaseExpiresAt: true },
    });
    expect(leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);
  });

  it("tells the agent to stop a job with a cancel request and one whose lease was lost", async () => {
    const { hostId, credential } = await enrolledHost();
    await queuedJob(hostId, "a");
    await queuedJob(hostId, "b");
    const cancelled = await claimedJob(credential);
    const lost = await claimedJob(credential);
    await cancelJob({ jobId: cancelled.id, userId: null });

    const res = await beat(credential, {
      runningJobs: [
        { jobId: cancelled.id, attempt: cancelled.attempt },
        { jobId: lost.id, attempt: lost.attempt + 1 },
      ],
    });

    expect(res.status).toBe(200);
    expect(new Set(res.body.cancelJobIds as string[])).toEqual(new Set([cancelled.id, lost.id]));
  });
});

describe("claim", () => {
  it("hands out this host's queued job, never another host's", async () => {
    const mine = await enrolledHost("db-01");
    const other = await enrolledHost("db-02");
    const otherJob = await queuedJob(other.hostId);
    const myJob = await queuedJob(mine.hostId);

    const res = await call(claim, "/claim", { waitSeconds: 0 }, { credential: mine.credential });
    const next = await call(claim, "/claim", { waitSeconds: 0 }, { credential: mine.credential });

    expect(res.body.job).toMatchObject({ id: myJob.id, kind: "dg.startall", args: { diskGroup: "dg1" }, attempt: 1 });
    expect(next.body.job).toBeNull();
    expect(await prisma.job.findUniqueOrThrow({ where: { id: otherJob.id }, select: { state: true } })).toEqual({
      state: "queued",
    });
  });

  it("with waitSeconds 0 answers null at once when nothing is queued", async () => {
    const { credential } = await enrolledHost();
    const started = Date.now();

    const res = await call(claim, "/claim", { waitSeconds: 0 }, { credential });

    expect(res).toEqual({ status: 200, body: { job: null } });
    expect(Date.now() - started).toBeLessThan(400);
  });

  it("long-polls until a job is queued", async () => {
    const { hostId, credential } = await enrolledHost();
    setTimeout(() => void queuedJob(hostId), 300);

    const res = await call(claim, "/claim", { waitSeconds: 5 }, { credential });

    expect(res.body.job).toMatchObject({ kind: "dg.startall", attempt: 1 });
  });
});

describe("job events and finish", () => {
  it("answers 409 LEASE_LOST to events of a wrong attempt", async () => {
    const { hostId, credential } = await enrolledHost();
    await queuedJob(hostId);
    const job = await claimedJob(credential);

    const res = await call(
      events,
      `/jobs/${job.id}/events`,
      { attempt: job.attempt + 1, events: [] },
      { credential, params: { jobId: job.id } },
    );

    expect(res.status).toBe(409);
    expect(res.body.error?.code).toBe("LEASE_LOST");
  });

  it("stores events and reports a cancel request in the events response", async () => {
    const { hostId, credential } = await enrolledHost();
    await queuedJob(hostId);
    const job = await claimedJob(credential);
    const body = { attempt: job.attempt, events: [{ seq: 1, at: Date.now(), type: "log", message: "started" }] };

    const before = await call(events, `/jobs/${job.id}/events`, body, { credential, params: { jobId: job.id } });
    await cancelJob({ jobId: job.id, userId: null });
    const after = await call(events, `/jobs/${job.id}/events`, body, { credential, params: { jobId: job.id } });

    expect(before.status).toBe(200);
    expect(before.body.cancelRequested).toBe(false);
    expect(after.body.cancelRequested).toBe(true);
    expect(await prisma.jobEvent.count({ where: { jobId: job.id } })).toBe(1);
  });

  it("finish succeeded ends the job and releases its locks", async () => {
    const { hostId, credential } = await enrolledHost();
    await queuedJob(hostId);
    const job = await claimedJob(credential);
    expect(await prisma.jobLock.count({ where: { jobId: job.id } })).toBeGreaterThan(0);

    const res = await call(
      finish,
      `/jobs/${job.id}/finish`,
      { attempt: job.attempt, outcome: "succeeded", result: { ok: 1 } },
      { credential, params: { jobId: job.id } },
    );

    expect(res).toEqual({ status: 200, body: { ok: true } });
    expect(await prisma.job.findUniqueOrThrow({ where: { id: job.id }, select: { state: true } })).toEqual({
      state: "succeeded",
    });
    expect(await prisma.jobLock.count({ where: { jobId: job.id } })).toBe(0);
  });

  it("finish refuses a result that does not match the job's kind, naming the job and the field, and keeps the job running", async () => {
    const { hostId, credential } = await enrolledHost();
    await queuedJob(hostId);
    const job = await claimedJob(credential);

    const res = await call(
      finish,
      `/jobs/${job.id}/finish`,
      { attempt: job.attempt, outcome: "succeeded", result: { diskGroup: "dg1", volumesStarted: "yes" } },
      { credential, params: { jobId: job.id } },
    );

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: "INVALID_INPUT",
        message: expect.stringContaining(`Job ${job.id} (dg.startall) reported an invalid result: volumesStarted:`),
      },
    });
    expect(
      await prisma.job.findUniqueOrThrow({ where: { id: job.id }, select: { state: true, resultJson: true } }),
    ).toEqual({ state: "running", resultJson: null });
  });

  it("answers 404 for another host's job", async () => {
    const mine = await enrolledHost("db-01");
    const other = await enrolledHost("db-02");
    await queuedJob(other.hostId);
    const job = await claimedJob(other.credential);

    const res = await call(
      finish,
      `/jobs/${job.id}/finish`,
      { attempt: job.attempt, outcome: "succeeded" },
      { credential: mine.credential, params: { jobId: job.id } },
    );

    expect(res.status).toBe(404);
  });
});
