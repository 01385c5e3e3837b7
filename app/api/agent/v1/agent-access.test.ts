import "@/test/support/test-database"; // first: gives this file its own database
// Who may talk to the agent API. agent-routes.test.ts covers a missing, an unknown and a revoked
// credential; this file adds the malformed Authorization headers, the console's other secrets (a
// user's API token, a session cookie) used as agent credentials, credentials whose host was
// revoked or re-enrolled, and checks that a refused request changes nothing and says nothing
// about the body. For enrol: refused tokens create nothing, and other secrets are not tokens.
import { beforeEach, describe, expect, it } from "vitest";
import { AGENT_API_PREFIX, PROTOCOL_VERSION, agentErrorResponseSchema } from "@/lib/agent-protocol";
import { createEnrolmentToken } from "@/server/agents/create-enrolment-token";
import { createApiToken } from "@/server/auth/create-api-token";
import { signIn } from "@/server/auth/sign-in";
import { createTestUser } from "@/test/support/test-users";
import { prisma } from "@/server/db";
import { createJob } from "@/server/jobs/create-job";
import { resetJobTables } from "@/test/support/test-fixtures";
import { POST as claim } from "@/app/api/agent/v1/claim/route";
import { POST as enrol } from "@/app/api/agent/v1/enrol/route";
import { POST as heartbeat } from "@/app/api/agent/v1/heartbeat/route";
import { POST as events } from "@/app/api/agent/v1/jobs/[jobId]/events/route";
import { POST as finish } from "@/app/api/agent/v1/jobs/[jobId]/finish/route";

type Route = typeof claim;

interface Answer {
  status: number;
  contentType: string | null;
  wwwAuthenticate: string | null;
  body: unknown;
}

async function send(
  route: Route,
  path: string,
  init: { headers?: Record<string, string>; body: string; params?: Record<string, string> },
): Promise<Answer> {
  const req = new Request(`http://x${AGENT_API_PREFIX}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...init.headers },
    body: init.body,
  });
  const res = await route(req, { params: Promise.resolve(init.params ?? {}) });
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    wwwAuthenticate: res.headers.get("www-authenticate"),
    body: await res.json(),
  };
}

async function enrolled(hostName: string, tokenHostName?: string): Promise<{ hostId: string; credential: string }> {
  const { token } = await createEnrolmentToken({ ttlSeconds: 600, hostName: tokenHostName });
  const res = await send(enrol, "/enrol", {
    body: JSON.stringify({ enrolmentToken: token, hostName, agentVersion: "0.1.0", protocolVersion: PROTOCOL_VERSION }),
  });
  expect(res.status).toBe(200);
  return res.body as { hostId: string; credential: string };
}

function expectRefused(res: Answer) {
  expect(res.status).toBe(401);
  expect(res.contentType).toMatch(/^application\/json/);
  expect(res.wwwAuthenticate).toBe("Bearer");
  expect(agentErrorResponseSchema.parse(res.body).error).toEqual({
    code: "UNAUTHORIZED",
    message: "The agent credential is missing, unknown or revoked; enrol the agent again",
  });
}

beforeEach(async () => {
  await resetJobTables();
  await prisma.enrolmentToken.deleteMany();
});

describe("agent routes refuse anything but a live agent credential", () => {
  let hostId: string;
  let credential: string;
  let jobId: string;
  let queuedJobId: string;

  // A host with one running job (so events/finish name a real job of this host) and one queued.
  beforeEach(async () => {
    ({ hostId, credential } = await enrolled("db-01"));
    await createJob({ hostId, kind: "dg.startall", args: { diskGroup: "production" }, requestedById: null });
    const claimed = await send(claim, "/claim", {
      headers: { authorization: `Bearer ${credential}` },
      body: JSON.stringify({ waitSeconds: 0 }),
    });
    jobId = (claimed.body as { job: { id: string } }).job.id;
    queuedJobId = (await createJob({ hostId, kind: "dg.startall", args: { diskGroup: "backup" }, requestedById: null }))
      .id;
  });

  const routes = (): [string, Route, unknown, Record<string, string>][] => [
    [
      "heartbeat",
      heartbeat,
      {
        agentVersion: "0.1.0",
        protocolVersion: PROTOCOL_VERSION,
        inventory: { roots: ["/evil"], hooks: [], diskGroups: [], sets: [], svVolumes: [], collectedAt: 1 },
      },
      {},
    ],
    ["claim", claim, { waitSeconds: 0 }, {}],
    [
      `jobs/${jobId}/events`,
      events,
      { attempt: 1, events: [{ seq: 1, at: 1, type: "log", message: "forged" }] },
      { jobId },
    ],
    [`jobs/${jobId}/finish`, finish, { attempt: 1, outcome: "succeeded" }, { jobId }],
  ];

  async function state() {
    return {
      host: await prisma.host.findUniqueOrThrow({
        where: { id: hostId },
        select: { lastHeartbeat: true, inventoryGzip: true, agentVersion: true },
      }),
      jobs: await prisma.job.findMany({ select: { id: true, state: true, attempt: true }, orderBy: { id: "asc" } }),
      events: await prisma.jobEvent.count(),
    };
  }

  async function expectAllRefused(headers: Record<string, string>) {
    const before = await state();
    for (const [path, route, body, params] of routes()) {
      expectRefused(await send(route, `/${path}`, { headers, body: JSON.stringify(body), params }));
    }
    expect(await state()).toEqual(before);
  }

  it.each([
    ["the credential without a scheme", (c: string) => c],
    ["another scheme", (c: string) => `Basic ${c}`],
    ["an empty Bearer", () => "Bearer "],
    ["Bearer and nothing else", () => "Bearer"],
    ["a second word after the credential", (c: string) => `Bearer ${c} ${c}`],
    ["two credentials joined by a comma", (c: string) => `Bearer ${c},${c}`],
    ["the credential with a character cut off", (c: string) => `Bearer ${c.slice(0, -1)}`],
    ["the credential with a prefix", (c: string) => `Bearer x${c}`],
  ])("a malformed Authorization header: %s", async (_, header) => {
    await expectAllRefused({ authorization: header(credential) });
  });

  it("a user's API token (pct_…), even an admin's", async () => {
    const admin = await prisma.user.create({
      data: { username: "root", passwordHash: "x", role: "admin" },
      select: { id: true },
    });
    const { token } = await createApiToken({ userId: admin.id, name: "cli" });
    expect(token).toMatch(/^pct_/);

    await expectAllRefused({ authorization: `Bearer ${token}` });
  });

  it("a signed-in admin's session cookie without a credential", async () => {
    await createTestUser("root", "root-password", "admin");
    const { token } = await signIn({ username: "root", password: "root-password" });

    await expectAllRefused({ cookie: `pitcrew_session=${token}` });
  });

  it("a credential whose host an admin revoked", async () => {
    await prisma.host.update({ where: { id: hostId }, data: { revokedAt: new Date() } });

    await expectAllRefused({ authorization: `Bearer ${credential}` });
  });

  it("a credential replaced by re-enrolling the host", async () => {
    const again = await enrolled("db-01", "db-01");
    expect(again.hostId).toBe(hostId);

    await expectAllRefused({ authorization: `Bearer ${credential}` });
  });

  it("before reading the body: a bad body or protocol version still gets 401, not 400 or 426", async () => {
    for (const [path, route, , params] of routes()) {
      expectRefused(await send(route, `/${path}`, { body: "{not json", params }));
      expectRefused(
        await send(route, `/${path}`, { body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION + 1 }), params }),
      );
    }
  });

  it("the live credential still works after all that (the refusals were not about the host)", async () => {
    await expectAllRefused({ authorization: "Bearer nope" });

    const res = await send(claim, "/claim", {
      headers: { authorization: `Bearer ${credential}` },
      body: JSON.stringify({ waitSeconds: 0 }),
    });

    expect(res.status).toBe(200);
    expect((res.body as { job: { id: string } }).job.id).toBe(queuedJobId);
  });
});

describe("enrol refuses a token it cannot use and creates nothing", () => {
  const request = (enrolmentToken: string, hostName = "db-01") =>
    send(enrol, "/enrol", {
      body: JSON.stringify({ enrolmentToken, hostName, agentVersion: "0.1.0", protocolVersion: PROTOCOL_VERSION }),
    });

  async function expectNothingCreated(res: Answer, message: RegExp, hostsBefore: number, credentialsBefore: number) {
    expect(res.status).toBe(401);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(agentErrorResponseSchema.parse(res.body).error).toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringMatching(message),
    });
    expect(await prisma.host.count()).toBe(hostsBefore);
    expect(await prisma.agentCredential.count()).toBe(credentialsBefore);
  }

  it("an unknown, a used and an expired token", async () => {
    const { token: used } = await createEnrolmentToken({ ttlSeconds: 600 });
    expect((await request(used, "db-01")).status).toBe(200);
    const { token: expired } = await createEnrolmentToken({ ttlSeconds: 60, now: new Date(Date.now() - 120_000) });

    await expectNothingCreated(
      await request("u".repeat(43), "db-02"),
      /^Enrolment of host db-02 refused: the enrolment token is not valid$/,
      1,
      1,
    );
    await expectNothingCreated(
      await request(used, "db-02"),
      /^Enrolment of host db-02 refused: the enrolment token was already used at /,
      1,
      1,
    );
    await expectNothingCreated(
      await request(expired, "db-02"),
      /^Enrolment of host db-02 refused: the enrolment token expired at /,
      1,
      1,
    );
    // A used token does not re-enrol the host it enrolled either.
    await expectNothingCreated(await request(used, "db-01"), /already used/, 1, 1);
    expect(await prisma.agentCredential.count({ where: { revokedAt: null } })).toBe(1);
  });

  it("an agent credential or a user's API token is not an enrolment token", async () => {
    const { credential } = await enrolled("db-01");
    const user = await prisma.user.create({
      data: { username: "root", passwordHash: "x", role: "admin" },
      select: { id: true },
    });
    const { token } = await createApiToken({ userId: user.id, name: "cli" });

    await expectNothingCreated(await request(credential, "db-02"), /not valid/, 1, 1);
    await expectNothingCreated(await request(token, "db-02"), /not valid/, 1, 1);
  });
});
