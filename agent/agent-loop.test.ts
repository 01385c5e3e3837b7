// The agent loop against an in-memory console (fake api client) on real temp volumes: enrol,
// heartbeat with inventory, a set.enable whose copy runs to its end with numbered progress
// events, a refused operand, and a cancelled copy.
import { execFileSync } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForCopies } from "@/engine/set-control";
import { Agent } from "./agent-loop";
import { ApiError } from "./api-client";
import { parseConfig } from "./config";
import { FakeConsole } from "@/test/support/fake-console";
import { createTempSan, type TempSan } from "@/test/support/temp-san";

const HOST = "host-a";
// Big enough for a copy to pass one throttle unit (400 MiB) and pause there.
const MASTER_BYTES = 768 << 20;

let san: TempSan;
let fake: FakeConsole;
let agent: Agent;
let running: Promise<void>;
const lines: string[] = [];

beforeAll(async () => {
  san = await createTempSan(HOST, MASTER_BYTES);
  fake = new FakeConsole();
  const config = parseConfig({
    consoleUrl: "http://console.invalid",
    hostName: HOST,
    enrolmentToken: fake.enrolmentToken,
    stateDir: san.stateDir,
    diskGroupRoots: [san.root],
    heartbeatSeconds: 1,
    claimWaitSeconds: 1,
    hooks: { freeze: { argv: ["/bin/true"], timeoutSeconds: 1 } },
  });
  agent = new Agent({ config, api: fake, log: (l) => lines.push(l), retryBackoffMs: 50 });
  running = agent.run();
});

afterAll(async () => {
  agent?.stop();
  await running;
  await san.cleanup();
});

const eventsOf = (id: string) => fake.jobEvents.get(id) ?? [];

describe("agent loop", () => {
  it("enrols once, stores the credential 0600 without logging it, and heartbeats with inventory", async () => {
    await fake.until(() => fake.heartbeats.length >= 1);
    expect(fake.enrolments).toBe(1);
    expect(fake.credentialInUse).toBe(fake.issuedCredential);
    const file = `${san.stateDir}/agent-credential`;
    expect((await readFile(file, "utf8")).trim()).toBe(fake.issuedCredential);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(lines.join("\n")).not.toContain(fake.issuedCredential);
    expect(lines.some((l) => /no interrupted copies to resume/.test(l))).toBe(true);
    const inv = fake.heartbeats[0]!.inventory!;
    expect(inv.hooks).toEqual(["freeze"]);
    expect(inv.diskGroups.map((d) => d.name)).toEqual(["dg1"]);
    expect(inv.sets).toEqual([]);
  });

  it("runs set.enable to the end of its copy with numbered progress events at least once a second", async () => {
    fake.addJob("j1", "set.enable", { type: "ind", master: "dg1/master", shadow: "dg1/shadow", bitmap: "dg1/bitmap" });
    const fin = await fake.waitFinished("j1");
    expect(fin).toMatchObject({ outcome: "succeeded", error: null, result: { set: san.shadow, mode: "ind" } });
    execFileSync("cmp", [san.master, san.shadow]); // throws when they differ
    const events = eventsOf("j1");
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    // However quick the copy, its last progress event says it is complete.
    expect(events.filter((e) => e.type === "progress").at(-1)?.progress).toMatchObject({
      set: san.shadow,
      direction: "to-shadow",
      bytesDone: MASTER_BYTES,
      bytesTotal: MASTER_BYTES,
    });
    // The inventory after the job shows the new set.
    const inv = await fake.until(() => fake.heartbeats.slice(1).find((h) => h.inventory?.sets.length)?.inventory);
    expect(inv.sets[0]).toMatchObject({ shadow: san.shadow, mode: "ind" });

    // Progress cadence, on a copy made to last a few seconds whatever the disk's speed: a 2 s
    // throttle pause after the first 400 MiB (-P 200 100). Progress must keep coming while it pauses.
    fake.addJob("j1p", "set.params", { target: { kind: "sets", sets: ["dg1/shadow"] }, delay: 200, unit: 100 });
    expect((await fake.waitFinished("j1p")).outcome).toBe("succeeded");
    const started = Date.now();
    fake.addJob("j1c", "set.copy", { target: { kind: "sets", sets: ["dg1/shadow"] }, direction: "s", full: true });
    expect((await fake.waitFinished("j1c")).outcome).toBe("succeeded");
    expect(Date.now() - started).toBeGreaterThan(2000);
    execFileSync("cmp", [san.master, san.shadow]);
    const copyEvents = eventsOf("j1c");
    expect(copyEvents.map((e) => e.seq)).toEqual(copyEvents.map((_, i) => i + 1));
    const progress = copyEvents.filter((e) => e.type === "progress");
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((e) => e.progress?.set === san.shadow)).toBe(true);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.at - progress[i - 1]!.at).toBeLessThanOrEqual(1100);
    fake.addJob("j1r", "set.params", { target: { kind: "sets", sets: ["dg1/shadow"] }, delay: 2, unit: 100 });
    expect((await fake.waitFinished("j1r")).outcome).toBe("succeeded");
  });

  it("fails a job with a bad operand, naming it, and changes nothing", async () => {
    fake.addJob("j2", "set.enable", { type: "ind", master: "/etc/passwd", shadow: "dg1/shadow", bitmap: "dg1/bitmap" });
    fake.addJob("j3", "set.enable", { type: "dep", master: "../x", shadow: "dg1/shadow", bitmap: "dg1/bitmap" });
    const f2 = await fake.waitFinished("j2");
    expect(f2.outcome).toBe("failed");
    expect(f2.error).toMatchObject({ code: "DSW_EOPEN", object: "/etc/passwd" });
    expect(f2.error!.message).toMatch(/\/etc\/passwd.*outside the configured roots/);
    const f3 = await fake.waitFinished("j3");
    expect(f3.outcome).toBe("failed");
    expect(f3.error).toMatchObject({ code: "INVALID_ARGS", object: "../x" });
    expect(f3.error!.message).toMatch(/master: .*"\.\.\/x"/);
    const sets = (await agent.engine.config.read()).sets;
    expect(sets.map((s) => s.shadow)).toEqual([san.shadow]);
  });

  it("cancels a running copy: the job finishes cancelled and the set shows copy not active", async () => {
    // After 400 MiB the copy pauses for 100 s: the cancel must cut the pause short.
    fake.addJob("j4p", "set.params", { target: { kind: "sets", sets: ["dg1/shadow"] }, delay: 10000, unit: 100 });
    expect((await fake.waitFinished("j4p")).outcome).toBe("succeeded");
    fake.addJob("j4", "set.copy", { target: { kind: "sets", sets: ["dg1/shadow"] }, direction: "s", full: true });
    await fake.until(() => eventsOf("j4").some((e) => e.type === "progress"));
    fake.cancelRequested.add("j4");
    const fin = await fake.waitFinished("j4");
    fake.cancelRequested.delete("j4");
    expect(fin.outcome).toBe("cancelled");
    expect(fin.error?.message).toMatch(/copy not active/);
    const [wait] = await waitForCopies(agent.engine, { kind: "sets", sets: [san.shadow] });
    expect(wait!.incomplete).toMatch(/copy not active/);
  });

  it("keeps event numbers when sending fails and reports dg.import warnings", async () => {
    fake.failNextEvents = 2;
    fake.addJob("j5", "dg.import", { diskGroup: "dg1" });
    const fin = await fake.waitFinished("j5");
    expect(fin.outcome).toBe("succeeded");
    expect(fin.result).toMatchObject({ diskGroup: "dg1", warning: expect.stringMatching(/already imported/) });
    const events = eventsOf("j5");
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.some((e) => e.type === "warning" && /already imported/.test(e.message ?? ""))).toBe(true);
    const calls = fake.eventCalls.filter((c) => c.jobId === "j5");
    expect(calls[0]!.failed).toBe(true);
    expect(calls.find((c) => !c.failed)!.seqs[0]).toBe(1);
  });
});

describe("agent stop", () => {
  it("finishes the current job on the first stop, then exits", async () => {
    const san2 = await createTempSan(HOST, 1 << 20);
    const fake2 = new FakeConsole();
    const config = parseConfig({
      consoleUrl: "http://console.invalid",
      hostName: HOST,
      enrolmentToken: fake2.enrolmentToken,
      stateDir: san2.stateDir,
      diskGroupRoots: [san2.root],
      claimWaitSeconds: 1,
    });
    const a = new Agent({ config, api: fake2, log: () => {} });
    const run = a.run();
    fake2.addJob("k1", "volume.create", { diskGroup: "dg1", name: "extra", sizeBytes: 1 << 20 });
    fake2.addJob("k2", "volume.create", { diskGroup: "dg1", name: "never", sizeBytes: 1 << 20 });
    await fake2.until(() => fake2.queue.length < 2);
    a.stop();
    await run;
    expect(a.state).toBe("stopped");
    expect(fake2.finished.get("k1")).toMatchObject({ outcome: "succeeded", result: { volume: "dg1/extra" } });
    expect(fake2.finished.has("k2")).toBe(false);
    await san2.cleanup();
  });
});

describe("enrolment", () => {
  it("retries while the console is unreachable and refuses a bad token", async () => {
    const san3 = await createTempSan(HOST, 1 << 20);
    const fake3 = new FakeConsole();
    let down = 2;
    const realEnrol = fake3.enrol.bind(fake3);
    fake3.enrol = async (req) => {
      if (down-- > 0) throw new ApiError("/enrol", 0, "NETWORK", "connection refused");
      return realEnrol(req);
    };
    const base = {
      consoleUrl: "http://console.invalid",
      hostName: HOST,
      stateDir: san3.stateDir,
      diskGroupRoots: [san3.root],
      claimWaitSeconds: 1,
    };
    const a = new Agent({
      config: parseConfig({ ...base, enrolmentToken: fake3.enrolmentToken }),
      api: fake3,
      log: () => {},
      retryBackoffMs: 10,
    });
    const run = a.run();
    await fake3.until(() => fake3.heartbeats.length);
    expect(fake3.enrolments).toBe(1);
    a.stop();
    await run;
    const b = new Agent({
      config: parseConfig({
        ...base,
        enrolmentToken: "wrong-token-0123456789",
        credentialFile: `${san3.dir}/other-cred`,
      }),
      api: new FakeConsole(),
      log: () => {},
    });
    await expect(b.run()).rejects.toMatchObject({ status: 401, code: "BAD_TOKEN" });
    await san3.cleanup();
  });
});

describe("freeze guard in the agent", () => {
  it("thaws a quiesced application as soon as a heartbeat to the console fails, and reports it in the inventory", async () => {
    const san4 = await createTempSan(HOST, 1 << 20);
    const fake4 = new FakeConsole();
    const marker = `${san4.dir}/thawed`;
    const config = parseConfig({
      consoleUrl: "http://console.invalid",
      hostName: HOST,
      enrolmentToken: fake4.enrolmentToken,
      stateDir: san4.stateDir,
      diskGroupRoots: [san4.root],
      heartbeatSeconds: 0.2,
      claimWaitSeconds: 1,
      freezeBudgetSeconds: 60,
      hooks: {
        freeze: { argv: ["/bin/true"], timeoutSeconds: 1 },
        thaw: { argv: ["touch", marker], timeoutSeconds: 1 },
      },
    });
    const log: string[] = [];
    const a = new Agent({ config, api: fake4, log: (l) => log.push(l), retryBackoffMs: 10 });
    const run = a.run();
    fake4.addJob("f1", "hook.run", { hook: "freeze", purpose: "quiesce", resumeHook: "thaw" });
    await fake4.until(() => fake4.finished.get("f1"));
    expect(fake4.finished.get("f1")?.outcome).toBe("succeeded");
    expect(a.freezeGuard.state?.resumeHook).toBe("thaw");

    const realHeartbeat = fake4.heartbeat.bind(fake4);
    fake4.heartbeat = async () => {
      throw new ApiError("/heartbeat", 0, "NETWORK", "connection refused");
    };
    await fake4.until(() => a.freezeGuard.lastAutoThaw);
    expect((await stat(marker)).isFile()).toBe(true);
    expect(a.freezeGuard.lastAutoThaw?.reason).toMatch(/^the agent lost the console \(.*connection refused.*\)$/);
    fake4.heartbeat = realHeartbeat;
    const inv = await fake4.until(() => fake4.heartbeats.find((h) => h.inventory?.freeze?.lastAutoThaw)?.inventory);
    expect(inv.freeze).toMatchObject({ frozenSince: null, lastAutoThaw: { resumeHook: "thaw", error: null } });
    a.stop();
    await run;
    await san4.cleanup();
  });
});
