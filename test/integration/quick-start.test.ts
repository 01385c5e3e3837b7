// The README's Quick start: `npm start` on an empty data dir brings up the console, the demo SAN
// and two agents, prints how to sign in, and that works; Ctrl-C leaves nothing running; a second
// start reuses everything.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostFacts, unmountDemoSan } from "@/scripts/demo/demo-san-filesystem";
import { testPostgresServer } from "@/test/support/postgres-server";

const root = path.resolve(import.meta.dirname, "..", "..");
const run = promisify(execFile);

interface Started {
  child: ChildProcess;
  output: () => string;
}

async function npmStart(env: NodeJS.ProcessEnv): Promise<Started> {
  // What `npm start` runs; its own process group, so the test can send Ctrl-C to it like a terminal.
  const child = spawn("npx", ["tsx", "scripts/start.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let text = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  const deadline = Date.now() + 150_000;
  while (!text.includes("Ctrl-C stops")) {
    if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}:\n${text}`);
    if (Date.now() > deadline) throw new Error(`npm start did not get ready:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, output: () => text };
}

/** Ctrl-C as a terminal sends it: SIGINT to the whole foreground process group. */
async function ctrlC(started: Started): Promise<void> {
  const exited = new Promise<void>((resolve) => started.child.once("exit", () => resolve()));
  process.kill(-started.child.pid!, "SIGINT");
  await exited;
}

async function processesMentioning(text: string): Promise<string[]> {
  const { stdout } = await run("ps", ["-eo", "pid,args"]);
  return stdout.split("\n").filter((line) => line.includes(text) && !line.includes("ps -eo"));
}

/** Mount points at or under `dir` (/proc/self/mountinfo's fifth field, octal escapes undone). */
function mountsUnder(dir: string): string[] {
  const real = realpathSync(dir);
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split(" ")[4]!.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((m) => m === real || m.startsWith(`${real}/`));
}

// As root with mkfs.xfs and loop devices (CI), the demo SAN is XFS with reflink in an image.
const facts = hostFacts();
const onXfs = facts.root && facts.loopDevices && facts.mkfsXfs;

describe("npm start (the Quick start)", () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let url: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "pitcrew-quickstart-"));
    const port = 3400 + Math.floor(Math.random() * 500);
    url = `http://127.0.0.1:${port}`;
    env = { ...process.env, PITCREW_DATA_DIR: dataDir, PITCREW_PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" };
    delete env.PITCREW_ADMIN_PASSWORD;
    delete env.PITCREW_ADMIN_TOKEN;
    delete env.DATABASE_URL;
  });
  afterAll(async () => {
    // A start that failed half-way may have left the demo SAN mounted: never remove files through it.
    if (dataDir) unmountDemoSan(path.join(dataDir, "san"));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("starts the console with two agents on the demo SAN, prints a sign-in that works, and stops everything on Ctrl-C", async () => {
    const first = await npmStart(env);
    const out = first.output();
    expect(out).toContain(`pitcrew console: ${url}`);
    const password = /sign in as admin with password (\S+)/.exec(out)?.[1];
    const token = /PITCREW_TOKEN=(pct_\S+)/.exec(out)?.[1];
    expect(password).toBeTruthy();
    expect(token).toBeTruthy();
    expect(out).toContain("created 20 volumes");
    if (onXfs) {
      expect(out).toMatch(
        /on XFS with reflink in \S+san\.xfs\.img \(made now, 4 GiB sparse; unmounted at stop\): its sets use instant mode/,
      );
      expect(mountsUnder(dataDir)).toEqual([path.join(realpathSync(dataDir), "san")]);
    } else if (!facts.root) {
      expect(out).toContain("not root: the demo SAN is on plain files of");
    }

    const signIn = await fetch(`${url}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password }),
    });
    expect(signIn.status).toBe(200);

    const cli = (...args: string[]) =>
      run(process.execPath, [path.join(root, "bin", "pitcrew.js"), ...args], {
        cwd: root,
        env: { ...process.env, PITCREW_URL: url, PITCREW_TOKEN: token },
      });
    // Both agents enrol and report the seed's layout, both disk groups imported on prod.
    await expect
      .poll(async () => (await cli("dg", "-H", "backup", "list").catch(() => ({ stdout: "" }))).stdout, {
        timeout: 60_000,
        interval: 500,
      })
      .toMatch(/^backup: imported by prod/m);
    const listed = (await cli("dg", "-H", "prod", "list")).stdout;
    expect(listed).toMatch(/^production: imported by prod/m);
    expect(listed.match(/^ {2}vol0\d(\.bmp)? /gm)).toHaveLength(20);
    expect((await cli("iiadm", "-H", "prod", "-l")).stdout).toBe("");

    await ctrlC(first);
    // npx may go first; start.ts then stops the agents and the console (they finish their work).
    await expect.poll(() => processesMentioning(dataDir), { timeout: 30_000, interval: 500 }).toEqual([]);
    await expect(fetch(`${url}/icon.svg`)).rejects.toThrow();
    // The start that mounted the demo SAN unmounted it when it stopped.
    expect(mountsUnder(dataDir)).toEqual([]);

    // A second start reuses the database, the SAN and the agents' credentials.
    const second = await npmStart(env);
    expect(second.output()).toContain("the password printed at first start");
    expect(second.output()).toContain("already there, left as it was");
    if (onXfs)
      expect(second.output()).toMatch(/san\.xfs\.img \(mounted again; unmounted at stop\): its sets use instant mode/);
    const again = await fetch(`${url}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password }),
    });
    expect(again.status).toBe(200);
    await ctrlC(second);
    await expect.poll(() => processesMentioning(dataDir), { timeout: 30_000, interval: 500 }).toEqual([]);
    expect(mountsUnder(dataDir)).toEqual([]);
  }, 400_000);
});

const postgres = testPostgresServer();
describe.skipIf(!postgres)(
  `npm start on PostgreSQL${postgres ? "" : " (skipped: runs in the PostgreSQL run, PITCREW_TEST_DATABASE=postgresql)"}`,
  () => {
    let dataDir: string;
    let env: NodeJS.ProcessEnv;
    let url: string;

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), "pitcrew-quickstart-"));
      const port = 3900 + Math.floor(Math.random() * 500);
      url = `http://127.0.0.1:${port}`;
      env = {
        ...process.env,
        PITCREW_DATA_DIR: dataDir,
        PITCREW_PORT: String(port),
        PITCREW_DEMO: "0",
        NEXT_TELEMETRY_DISABLED: "1",
      };
      delete env.PITCREW_ADMIN_PASSWORD;
      delete env.PITCREW_ADMIN_TOKEN;
    });
    afterAll(async () => {
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it("migrates the database, serves the console and prints its URL without the password", async () => {
      // The throwaway cluster trusts local connections, so the password is accepted and unused:
      // what matters is that it never reaches the terminal.
      const database = new URL(await postgres!.createDatabase());
      database.username = "postgres";
      database.password = "s3cret-in-url";
      const started = await npmStart({ ...env, DATABASE_URL: database.toString() });
      const out = started.output();
      expect(out).toContain(`  database: postgresql://postgres:***@${database.host}${database.pathname} (PostgreSQL)`);
      expect(out).not.toContain("s3cret-in-url");
      const password = /sign in as admin with password (\S+)/.exec(out)?.[1];
      const signIn = await fetch(`${url}/api/trpc/auth.signIn`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password }),
      });
      expect(signIn.status).toBe(200);
      expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ ok: true, database: "postgresql" });
      await ctrlC(started);
      await expect(fetch(`${url}/icon.svg`)).rejects.toThrow();
    }, 300_000);

    it("stops at once, naming the database, when it does not exist", async () => {
      const missing = new URL(postgres!.url);
      missing.pathname = "/no_such_database";
      const child = spawn("npx", ["tsx", "scripts/start.ts"], {
        cwd: root,
        env: { ...env, DATABASE_URL: missing.toString() },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(code).toBe(1);
      expect(text).toContain(
        `pitcrew: DATABASE_URL: PostgreSQL at 127.0.0.1:${missing.port} has no database "no_such_database"`,
      );
    }, 120_000);
  },
);
