import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "./api-client";
import { FakeConsole } from "@/test/support/fake-console";
import { runAgentJob } from "@/test/support/run-agent-job";
import { createTempSan, type TempSan } from "@/test/support/temp-san";

let san: TempSan;
let fake: FakeConsole;

beforeAll(async () => {
  san = await createTempSan("host-a", 1 << 20);
  fake = new FakeConsole();
  fake.setCredential(fake.issuedCredential);
});
afterAll(() => san.cleanup());

const run = (id: string, kind: string, args: Record<string, unknown>, hostName = "host-b") =>
  runAgentJob({ id, kind, args }, { api: fake, stateDir: `${san.dir}/state-${hostName}`, hostName, roots: [san.root] });

describe("JobRun", () => {
  it("fails a job kind it does not know", async () => {
    expect(await run("u1", "disk.format", {})).toBe("failed");
    expect(fake.finished.get("u1")?.error).toMatchObject({ code: "UNKNOWN_KIND" });
  });

  it("dg.import of another host's group fails naming it, and with clearLock warns in result and events", async () => {
    expect(await run("i1", "dg.import", { diskGroup: "dg1" })).toBe("failed");
    expect(fake.finished.get("i1")?.error).toMatchObject({ code: "DG_ELOCKED", object: "dg1" });
    expect(fake.finished.get("i1")?.error?.message).toMatch(/imported by host host-a/);
    expect(await run("i2", "dg.import", { diskGroup: "dg1", clearLock: true })).toBe("succeeded");
    const result = fake.finished.get("i2")!.result as { warning: string; importGeneration: number };
    expect(result.warning).toMatch(/cleared the import lock of host host-a/);
    expect(result.importGeneration).toBe(2);
    const warnings = (fake.jobEvents.get("i2") ?? []).filter((e) => e.type === "warning");
    expect(warnings.map((w) => w.message)).toEqual([result.warning]);
  });

  it("stops working on a job whose lease the console says is lost", async () => {
    const realEvents = fake.events.bind(fake);
    fake.events = async (jobId, req) => {
      if (jobId === "l1") throw new ApiError("/events", 409, "LEASE_LOST", "lease lost");
      return realEvents(jobId, req);
    };
    const outcome = await run("l1", "dg.startall", { diskGroup: "dg1" });
    fake.events = realEvents;
    // The job was quick enough to finish, or was cancelled: either way it reports without hanging.
    expect(["succeeded", "cancelled"]).toContain(outcome);
  });
});
