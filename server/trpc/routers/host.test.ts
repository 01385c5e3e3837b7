import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/server/db";
import { anonymousCaller, callerAs } from "@/test/support/test-callers";

describe("host.list", () => {
  const caller = callerAs("viewer");

  beforeEach(async () => {
    await prisma.host.deleteMany();
  });

  it("refuses a caller who is not signed in", async () => {
    await expect(anonymousCaller().host.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("returns an empty list when no host has enrolled", async () => {
    expect(await caller.host.list()).toEqual([]);
  });

  it("returns enrolled hosts sorted by name, with dates as ISO strings", async () => {
    const heartbeat = new Date("2026-11-25T10:00:00.000Z");
    await prisma.host.create({ data: { name: "db-02" } });
    await prisma.host.create({ data: { name: "app-01", agentVersion: "0.1.0", lastHeartbeat: heartbeat } });

    const hosts = await caller.host.list();

    expect(hosts.map((h) => h.name)).toEqual(["app-01", "db-02"]);
    expect(hosts[0]).toMatchObject({ agentVersion: "0.1.0", lastHeartbeat: heartbeat.toISOString() });
    expect(hosts[1]).toMatchObject({ agentVersion: null, lastHeartbeat: null });
    expect(Object.keys(hosts[0] ?? {}).sort()).toEqual(["agentVersion", "createdAt", "id", "lastHeartbeat", "name"]);
  });
});
