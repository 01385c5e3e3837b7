import "@/test/support/test-database"; // first: gives this file its own database
import { beforeEach, describe, expect, it } from "vitest";
import { AGENT_API_PREFIX, PROTOCOL_VERSION, type Inventory } from "@/lib/agent-protocol";
import { MAX_DISK_GROUPS } from "@/lib/inventory-limits";
import { AGENT_INVENTORY_MAX_BYTES } from "@/lib/request-limits";
import { prisma } from "@/server/db";
import { createEnrolmentToken } from "@/server/agents/create-enrolment-token";
import { resetJobTables } from "@/test/support/test-fixtures";
import { POST as enrol } from "@/app/api/agent/v1/enrol/route";
import { POST as heartbeat } from "@/app/api/agent/v1/heartbeat/route";

const url = `http://x${AGENT_API_PREFIX}/heartbeat`;
type Outcome = { status: number; error?: { code: string; message: string } };

async function post(req: Request): Promise<Outcome> {
  const res = await heartbeat(req, { params: Promise.resolve({}) });
  return { status: res.status, ...((await res.json()) as { error?: { code: string; message: string } }) };
}

const group = (i: number, volumes: number) => ({
  name: `dg${i}`,
  dir: `/san/dg${i}`,
  owner: "db-01",
  importGeneration: 1,
  volumesStarted: true,
  damaged: null,
  volumes: Array.from({ length: volumes }, (_, v) => ({
    name: `vol${v}`,
    path: `/san/dg${i}/vol${v}`,
    kind: "file",
    sizeBytes: 1,
    role: "data",
    usedBy: null,
  })),
});
const inventory = (diskGroups: unknown[]) =>
  ({
    roots: ["/san"],
    hooks: [],
    tapeDevices: [],
    sets: [],
    svVolumes: [],
    collectedAt: 1,
    diskGroups,
  }) as unknown as Inventory;

/** A body that counts what the console pulls from it, endless unless `total` is given. */
function countingBody(chunkBytes: number) {
  const pulled = { bytes: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled.bytes += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
    },
  });
  return { stream, pulled };
}

describe("heartbeat limits", () => {
  let credential: string;

  beforeEach(async () => {
    await resetJobTables();
    const { token } = await createEnrolmentToken({ ttlSeconds: 600 });
    const res = await enrol(
      new Request(`http://x${AGENT_API_PREFIX}/enrol`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          enrolmentToken: token,
          hostName: "db-01",
          agentVersion: "t",
          protocolVersion: PROTOCOL_VERSION,
        }),
      }),
      { params: Promise.resolve({}) },
    );
    credential = ((await res.json()) as { credential: string }).credential;
  });

  const json = (body: unknown) =>
    new Request(url, {
      method: "POST",
      headers: { authorization: `Bearer ${credential}`, "content-type": "application/json" },
      body: JSON.stringify({ agentVersion: "t", protocolVersion: PROTOCOL_VERSION, ...(body as object) }),
    });

  it("refuses more disk groups than a host can have, naming the field and the host, and stores nothing", async () => {
    const res = await post(
      json({ inventory: inventory(Array.from({ length: MAX_DISK_GROUPS + 1 }, (_, i) => group(i, 0))) }),
    );
    expect(res.status).toBe(400);
    expect(res.error?.message).toMatch(/^inventory\.diskGroups: at most 1,000 disk groups per host .*host db-01/);
    expect(await prisma.diskGroup.count()).toBe(0);
  });

  it("refuses more volumes in all disk groups than a host can have, even when each group is within its limit", async () => {
    const res = await post(json({ inventory: inventory(Array.from({ length: 11 }, (_, i) => group(i, 1_000))) }));
    expect(res.status).toBe(400);
    expect(res.error?.message).toMatch(
      /inventory\.diskGroups: at most 10,000 volumes in all disk groups \(got 11,000\).*host db-01/,
    );
  });

  it("refuses a disk group or a volume reported twice, naming it and the host, and stores nothing", async () => {
    const sameGroup = await post(json({ inventory: inventory([group(1, 1), group(1, 1)]) }));
    expect(sameGroup.status).toBe(400);
    expect(sameGroup.error?.message).toMatch(/^inventory\.diskGroups: disk group dg1 is reported twice.*host db-01/);
    const twin = group(2, 2);
    twin.volumes[1]!.name = "vol0";
    const sameVolume = await post(json({ inventory: inventory([group(1, 1), twin]) }));
    expect(sameVolume.status).toBe(400);
    expect(sameVolume.error?.message).toMatch(
      /^inventory\.diskGroups\.1\.volumes: volume vol0 is reported twice in disk group dg2.*host db-01/,
    );
    expect(await prisma.diskGroup.count()).toBe(0);
    // The same groups, named apart, are stored.
    expect((await post(json({ inventory: inventory([group(1, 1), group(2, 2)]) }))).status).toBe(200);
    expect(await prisma.volume.count()).toBe(3);
  });

  it("refuses a body whose Content-Length is over the limit without reading it", async () => {
    const { stream, pulled } = countingBody(64 * 1024);
    const res = await post(
      new Request(url, {
        method: "POST",
        body: stream,
        duplex: "half",
        headers: { authorization: `Bearer ${credential}`, "content-length": String(AGENT_INVENTORY_MAX_BYTES + 1) },
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(res.error?.message).toMatch(/over the 8 MiB limit for a heartbeat with its inventory \(from host db-01\)/);
    expect(pulled.bytes).toBeLessThanOrEqual(2 * 64 * 1024);
  });

  it("stops reading a body without Content-Length as soon as it passes the limit", async () => {
    const { stream, pulled } = countingBody(1024 * 1024);
    const res = await post(
      new Request(url, {
        method: "POST",
        body: stream,
        duplex: "half",
        headers: { authorization: `Bearer ${credential}` },
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(pulled.bytes).toBeLessThanOrEqual(AGENT_INVENTORY_MAX_BYTES + 3 * 1024 * 1024);
  });
});
