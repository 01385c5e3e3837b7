import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseConfig } from "./config";

const good = {
  consoleUrl: "https://console.example:3000",
  hostName: "host-a",
  enrolmentToken: "t".repeat(20),
  stateDir: "/var/lib/pitcrew",
  diskGroupRoots: ["/san"],
  hooks: { freeze: { argv: ["/usr/bin/fsfreeze", "-f", "/mnt"], timeoutSeconds: 5 } },
  freezeBudgetSeconds: 8,
};

describe("agent config", () => {
  it("applies defaults and a default credential file", () => {
    const c = parseConfig(good);
    expect(c.heartbeatSeconds).toBe(5);
    expect(c.claimWaitSeconds).toBe(20);
    expect(c.credentialFile).toBe("/var/lib/pitcrew/agent-credential");
  });

  it("names every bad field", () => {
    const bad = {
      ...good,
      consoleUrl: "ftp://x",
      diskGroupRoots: ["relative/dir"],
      hooks: { h: { argv: [], timeoutSeconds: 1 } },
      heartbeatSeconds: -1,
    };
    let message = "";
    try {
      parseConfig(bad);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/consoleUrl: /);
    expect(message).toMatch(/diskGroupRoots\.0: must be an absolute path/);
    expect(message).toMatch(/hooks\.h\.argv: /);
    expect(message).toMatch(/heartbeatSeconds: /);
  });

  it("refuses a control character in a path, naming the field", () => {
    expect(() => parseConfig({ ...good, archiveRoots: ["/srv/archives\n"] })).toThrow(
      /archiveRoots\.0: path "\/srv\/archives\\n" contains newline \(U\+000A\)/,
    );
    expect(() => parseConfig({ ...good, stateDir: "/var/lib/pitcrew\u0000" })).toThrow(
      /stateDir: path .* contains NUL/,
    );
  });

  it("needs an enrolment token or a credential file", () => {
    const { enrolmentToken: _omit, ...rest } = good;
    expect(() => parseConfig(rest)).toThrow(/enrolmentToken: give enrolmentToken/);
    expect(parseConfig({ ...rest, credentialFile: "/etc/pitcrew/cred" }).credentialFile).toBe("/etc/pitcrew/cred");
    expect(() => parseConfig({ ...good, diskGroupRoots: [] })).toThrow(/diskGroupRoots: at least one/);
  });

  it("loadConfig reports unreadable and non-JSON files", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "agent-config-"));
    await expect(loadConfig(path.join(dir, "none.json"))).rejects.toThrow(/cannot read config/);
    await writeFile(path.join(dir, "bad.json"), "{nope");
    await expect(loadConfig(path.join(dir, "bad.json"))).rejects.toThrow(/not JSON/);
    await writeFile(path.join(dir, "ok.json"), JSON.stringify(good));
    expect((await loadConfig(path.join(dir, "ok.json"))).hostName).toBe("host-a");
  });
});
