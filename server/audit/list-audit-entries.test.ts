import "@/test/support/test-database"; // first: this file gets its own database copy
import { beforeAll, describe, expect, it } from "vitest";
import { writeAuditEntry } from "@/server/audit/write-audit-entry";
import { listAuditEntries } from "@/server/audit/list-audit-entries";
import { createTestUser, resetAuthTables } from "@/test/support/test-users";

const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 10, minute));

describe("listAuditEntries", () => {
  beforeAll(async () => {
    await resetAuthTables();
    const erin = await createTestUser("erin", "erin-password", "admin");
    const frank = await createTestUser("frank", "frank-password", "operator");
    await writeAuditEntry({
      actorType: "user",
      actorId: erin.id,
      action: "user.create",
      object: "user frank",
      result: "ok",
      at: at(1),
    });
    await writeAuditEntry({
      actorType: "user",
      actorId: frank.id,
      action: "job.create",
      object: "job j1",
      result: "ok",
      at: at(2),
    });
    await writeAuditEntry({
      actorType: "user",
      actorId: frank.id,
      action: "job.create",
      object: "host h1",
      result: "refused",
      at: at(3),
    });
    await writeAuditEntry({
      actorType: "system",
      actorId: null,
      action: "job.expire",
      object: "job j1",
      result: "failed",
      at: at(4),
    });
  });

  it("lists newest first with actor names", async () => {
    expect((await listAuditEntries()).map((e) => [e.action, e.actor, e.result])).toEqual([
      ["job.expire", null, "failed"],
      ["job.create", "frank", "refused"],
      ["job.create", "frank", "ok"],
      ["user.create", "erin", "ok"],
    ]);
  });

  it("narrows by action, actor, result, object text and time range", async () => {
    const objects = async (input: Parameters<typeof listAuditEntries>[0]) =>
      (await listAuditEntries(input)).map((e) => e.object);
    expect(await objects({ action: "job.create" })).toEqual(["host h1", "job j1"]);
    expect(await objects({ actor: "erin" })).toEqual(["user frank"]);
    expect(await objects({ actor: "system" })).toEqual(["job j1"]);
    expect(await objects({ actor: "nobody" })).toEqual([]);
    expect(await objects({ result: "refused" })).toEqual(["host h1"]);
    expect(await objects({ object: "j1" })).toEqual(["job j1", "job j1"]);
    expect(await objects({ since: at(2).toISOString(), until: at(4).toISOString() })).toEqual(["host h1", "job j1"]);
  });

  it("pages towards older entries after the cursor", async () => {
    const first = await listAuditEntries({ limit: 3 });
    const older = await listAuditEntries({ limit: 3, cursor: first.at(-1)!.id });
    expect(older.map((e) => e.action)).toEqual(["user.create"]);
  });
});
