// What an operator or a script gets wrong, against the real console, agents and CLI: every
// refusal exits non-zero, names the field and the object, and changes nothing. Also the roles,
// the agent routes without a credential, and two hosts racing for one disk group.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleCluster, expectOk } from "@/test/support/console-cluster";

describe("refusals through the real console", () => {
  let cluster: ConsoleCluster;
  const iiadm = (host: string, ...args: string[]) => cluster.cli(["iiadm", "-H", host, ...args]);
  const dg = (host: string, ...args: string[]) => cluster.cli(["dg", "-H", host, ...args]);
  const jobCount = async () => ((await cluster.trpcGet("job.list", { limit: 500 })) as unknown[]).length;

  beforeAll(async () => {
    cluster = await ConsoleCluster.start({ hosts: ["prod", "backup"], demoSanOwner: "prod" });
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it("refuses bad input naming the field and the object, and queues nothing", async () => {
    const before = await jobCount();

    const unknownHost = await iiadm("nosuch", "-e", "ind", "production/vol01", "backup/vol01", "production/vol01.bmp");
    expect(unknownHost.status).toBe(1);
    expect(unknownHost.stderr).toContain("host: nosuch not found (hosts: backup, prod)");

    const outside = await iiadm("prod", "-e", "ind", "/etc/passwd", "backup/vol01", "production/vol01.bmp");
    expect(outside.status).toBe(1);
    expect(outside.stderr).toMatch(/master: \/etc\/passwd on host prod: outside the disk-group roots \(/);

    const typo = await iiadm("prod", "-e", "ind", "production/vol01", "backup/vol99", "production/vol01.bmp");
    expect(typo.status).toBe(1);
    expect(typo.stderr).toContain("shadow: backup/vol99 on host prod: no volume vol99 in disk group backup");

    const badSize = await cluster.cli(["vol", "-H", "prod", "create", "production/new", "12Q"]);
    expect(badSize.status).toBe(2);
    expect(badSize.stderr).toMatch(/size of volume production\/new/);
    const zeroSize = await cluster.cli(["vol", "-H", "prod", "create", "production/new", "0"]);
    expect(zeroSize.status).not.toBe(0);
    expect(zeroSize.stderr).toMatch(/size/i);

    const badThrottle = await iiadm("prod", "-P", "1", "50", "backup/vol01");
    expect(badThrottle.status).not.toBe(0);

    expect(await jobCount()).toBe(before);
    const listed = expectOk(await dg("prod", "list"), "dg list").stdout;
    expect(listed).not.toContain("production/new");
  });

  it("creates a disk group with a preallocated volume and a bitmap sized by the formula", async () => {
    expectOk(await dg("backup", "create", "scratch"), "create disk group");
    const data = expectOk(
      await cluster.cli(["vol", "-H", "backup", "create", "scratch/db", "8M", "--preallocate"]),
      "create volume",
    ).stdout;
    expect(data.trim()).toBe(`${cluster.volumePath("scratch", "db")} 8388608`);
    const bitmap = expectOk(
      await cluster.cli(["vol", "-H", "backup", "create", "scratch/db.bmp", "--bitmap-for", "100G"]),
      "create bitmap",
    ).stdout;
    expect(bitmap.trim()).toBe(`${cluster.volumePath("scratch", "db.bmp")} 843776`);
    const { statSync } = await import("node:fs");
    const stat = statSync(cluster.volumePath("scratch", "db"));
    expect(stat.blocks * 512).toBeGreaterThanOrEqual(8 << 20); // preallocated, not sparse
    expect(expectOk(await dg("backup", "list"), "dg list").stdout).toMatch(/^scratch: imported by backup/m);
  });

  it("refuses callers without a valid token, and viewers who try to change anything", async () => {
    const noToken = await cluster.cli(["iiadm", "-H", "prod", "-l"], { PITCREW_TOKEN: "" });
    expect(noToken.status).toBe(1);
    expect(noToken.stderr).toContain("PITCREW_TOKEN is not set");
    const badToken = await cluster.cli(["iiadm", "-H", "prod", "-l"], { PITCREW_TOKEN: "pct_not-a-real-token" });
    expect(badToken.status).toBe(1);
    expect(badToken.stderr).toContain("refused the token");

    // An admin creates a viewer; the viewer signs in and makes their own token.
    const created = await cluster.trpcPost("auth.users.create", {
      username: "vera",
      password: "viewer-password-1",
      role: "viewer",
    });
    expect(created.status).toBe(200);
    const signIn = await cluster.trpcPost(
      "auth.signIn",
      { username: "vera", password: "viewer-password-1" },
      { token: null },
    );
    expect(signIn.status).toBe(200);
    const cookie = signIn.setCookie!.split(";")[0]!;
    const token = (
      (await cluster.trpcPost("auth.createApiToken", { name: "cli" }, { cookie })).data as { token: string }
    ).token;

    const asViewer = (...args: string[]) => cluster.cli(["iiadm", "-H", "prod", ...args], { PITCREW_TOKEN: token });
    expectOk(await asViewer("-l"), "a viewer lists sets");
    const change = await asViewer("-e", "ind", "production/vol01", "backup/vol01", "production/vol01.bmp");
    expect(change.status).toBe(1);
    expect(change.stderr).toContain("User vera is a viewer; this needs the operator role");
    const adminOnly = await cluster.trpcPost("host.createEnrolmentToken", {}, { token });
    expect(adminOnly.status).toBe(403);

    for (const route of ["claim", "heartbeat", "jobs/x/events", "jobs/x/finish"]) {
      const res = await fetch(`${cluster.url}/api/agent/v1/${route}`, {
        method: "POST",
        body: "{}",
        headers: { authorization: `Bearer ${cluster.token}` },
      });
      expect(res.status, `${route} with a user's API token`).toBe(401);
    }
  });

  it("lets one of two racing hosts import a disk group and refuses the other, naming the owner", async () => {
    expectOk(await dg("prod", "stopall", "backup"), "stopall");
    expectOk(await dg("prod", "deport", "backup"), "deport");
    const [onProd, onBackup] = await Promise.all([dg("prod", "import", "backup"), dg("backup", "import", "backup")]);
    const results = [onProd, onBackup];
    expect(results.filter((r) => r.status === 0)).toHaveLength(1);
    const loser = results.find((r) => r.status !== 0)!;
    const winner = onProd.status === 0 ? "prod" : "backup";
    expect(loser.status).toBe(2); // its job failed on the host (DG_ELOCKED)
    expect(loser.stderr).toContain(winner);
  });

  it("clears another host's lock only when asked, with a warning and an audit entry", async () => {
    const owner = (await dg("prod", "list")).stdout.match(/^backup: imported by (\w+)/m)?.[1];
    const other = owner === "prod" ? "backup" : "prod";
    const refused = await dg(other, "import", "backup");
    expect(refused.status).toBe(2); // its job failed on the host (DG_ELOCKED)
    const taken = expectOk(await dg(other, "import", "-C", "backup"), "import -C");
    expect(taken.stderr).toMatch(/warning: .*backup.*/);
    const jobs = (await cluster.trpcGet("job.list", { host: other, limit: 5 })) as {
      kind: string;
      state: string;
      id: string;
    }[];
    const importJob = (await cluster.trpcGet("job.get", { id: jobs[0]!.id })) as {
      id: string;
      kind: string;
      args: { clearLock: boolean };
      state: string;
      requestedBy: string;
    };
    expect(importJob).toMatchObject({
      kind: "dg.import",
      args: { clearLock: true },
      state: "succeeded",
      requestedBy: "admin",
    });
    const audit = (await cluster.trpcGet("audit.list", { object: `job ${importJob.id}` })) as {
      action: string;
      actor: string;
      result: string;
      detail: Record<string, unknown>;
    }[];
    expect(audit.map((e) => `${e.action} ${e.result}`)).toEqual(
      expect.arrayContaining(["job.create ok", "job.finish ok"]),
    );
    expect(audit.find((e) => e.action === "job.create")).toMatchObject({
      actor: "admin",
      detail: { kind: "dg.import", args: { clearLock: true } },
    });
  });
});
