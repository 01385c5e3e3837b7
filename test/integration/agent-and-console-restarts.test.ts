// Failures of real processes in the middle of a copy: an agent killed with SIGKILL (its job must
// end "interrupted", never succeeded; the restarted agent resumes the copy from the copy bitmap),
// and a console restarted while an agent copies (nothing lost). Conflicting requests are refused
// while the copy runs. Copies are slowed with iiadm's own throttle (-P) so they can be caught.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleCluster, expectOk } from "@/test/support/console-cluster";
import { cmpEqual, writeRandomChunks } from "@/test/support/local-iiadm";

interface JobView {
  id: string;
  state: string;
  kind: string;
  error: { code: string; message: string; object: string | null } | null;
}
interface SetView {
  shadow: string;
  job: { id: string; state: string } | null;
  progress: { bytesDone: number; bytesTotal: number } | null;
}

describe("agent and console restarts during a copy", () => {
  let cluster: ConsoleCluster;
  const iiadm = (...args: string[]) => cluster.cli(["iiadm", "-H", "prod", ...args]);
  const master = () => cluster.volumePath("production", "big");
  const shadow = () => cluster.volumePath("backup", "big");

  const setView = async () =>
    (
      (await cluster.trpcGet("set.info", { host: "prod", target: { kind: "sets", sets: ["backup/big"] } })) as {
        sets: SetView[];
      }
    ).sets[0]!;
  const job = async (id: string) => (await cluster.trpcGet("job.get", { id })) as JobView;

  /** Starts a throttled full copy and returns its job once it has copied part of the volume. */
  async function startThrottledCopy(): Promise<string> {
    expectOk(await iiadm("-c", "s", "backup/big"), "copy");
    const view = await expect
      .poll(
        async () => {
          const v = await setView();
          return v.job && v.progress && v.progress.bytesDone > 0 && v.progress.bytesDone < v.progress.bytesTotal
            ? v
            : null;
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBeTruthy()
      .then(setView);
    return view.job!.id;
  }

  beforeAll(async () => {
    // A 5 s lease: a silent agent's job becomes interrupted within seconds, not a minute.
    cluster = await ConsoleCluster.start({ hosts: ["prod"], demoSanOwner: "prod", leaseSeconds: 5 });
    await cluster.createSetVolumes(
      "prod",
      { master: "production/big", shadow: "backup/big", bitmap: "production/big.bmp" },
      "1G",
    );
    writeRandomChunks(master(), 400);
    // Dependent: enabling copies nothing, so the throttle is in place before the first copy.
    expectOk(await iiadm("-e", "dep", "production/big", "backup/big", "production/big.bmp"), "enable");
    // 100 I/Os of up to 4 MiB, then a 5 s pause: a full copy of 1 GiB takes over 10 s.
    expectOk(await iiadm("-P", "500", "100", "backup/big"), "throttle");
    expect(expectOk(await iiadm("-P", "backup/big"), "params").stdout).toMatch(/delay: 500.*\n.*unit: 100/s);
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it("refuses conflicting requests while a copy runs, naming the set and the job in the way", async () => {
    const jobId = await startThrottledCopy();
    const update = await iiadm("-u", "s", "backup/big");
    expect(update.status).toBe(1);
    expect(update.stderr).toContain(shadow());
    expect(update.stderr).toContain(jobId);
    const disable = await iiadm("-d", "backup/big");
    expect(disable.status).toBe(1);
    expect(disable.stderr).toContain(jobId);
    expectOk(await iiadm("-w", "backup/big"), "wait");
    expect((await job(jobId)).state).toBe("succeeded");
    expect(cmpEqual(master(), shadow())).toBe(true);
  });

  it("aborts a running copy with iiadm -a: its job ends cancelled, the shadow part-way", async () => {
    writeRandomChunks(master(), 100);
    const jobId = await startThrottledCopy();
    expectOk(await iiadm("-a", "backup/big"), "abort");
    const aborted = await job(jobId);
    expect(aborted.state).toBe("cancelled");
    expect(cmpEqual(master(), shadow())).toBe(false);
  });

  it("marks the job of a SIGKILLed agent interrupted, and the restarted agent finishes the copy", async () => {
    writeRandomChunks(master(), 200);
    const jobId = await startThrottledCopy();
    await cluster.killAgent("prod", "SIGKILL");

    await expect.poll(async () => (await job(jobId)).state, { timeout: 30_000, interval: 500 }).toBe("interrupted");
    const interrupted = await job(jobId);
    expect(interrupted.error?.code).toBe("AGENT_SILENT");
    expect(interrupted.error?.message).toContain("host prod");
    expect(interrupted.error?.object).toContain(shadow());
    expect(cmpEqual(master(), shadow())).toBe(false); // really part-way

    const restartedAt = Date.now();
    await cluster.startAgent("prod");
    await cluster.waitForInventory("prod", restartedAt);
    expectOk(await iiadm("-w", "backup/big"), "wait for the resumed copy");
    expect(cmpEqual(master(), shadow())).toBe(true);
    expect(await cluster.agentLog("prod")).toMatch(/resumed 1 interrupted copy \(sets .*backup\/big\)/);
    // The interrupted job stays interrupted: never turned into a success.
    expect((await job(jobId)).state).toBe("interrupted");
  });

  it("loses nothing when the console restarts while the agent copies", async () => {
    writeRandomChunks(master(), 200);
    const jobId = await startThrottledCopy();
    await cluster.stopConsole();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await cluster.startConsole();

    expectOk(await iiadm("-w", "backup/big"), "wait after the console restart");
    const finished = await job(jobId);
    expect(finished.state).toBe("succeeded");
    expect(cmpEqual(master(), shadow())).toBe(true);
    // Every event the agent numbered reached the database, in order and without a gap.
    const events = (await cluster.trpcGet("job.events", { id: jobId })) as { attempt: number; seq: number }[];
    expect(events.length).toBeGreaterThan(3);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(new Set(events.map((e) => e.attempt))).toEqual(new Set([1]));
  });

  it("keeps a copy going when the console was down for longer than a lease", async () => {
    // No agent can renew a lease while the console is down; after the restart the agent's renewal
    // waits out its retry backoff. A sweep in that window must not interrupt the live copy.
    writeRandomChunks(master(), 200);
    const jobId = await startThrottledCopy();
    await cluster.stopConsole();
    await new Promise((resolve) => setTimeout(resolve, 9000)); // the 5 s lease, and then some
    await cluster.startConsole();

    expectOk(await iiadm("-w", "backup/big"), "wait after a console outage longer than the lease");
    expect((await job(jobId)).state).toBe("succeeded");
    expect(cmpEqual(master(), shadow())).toBe(true);
  });
});
