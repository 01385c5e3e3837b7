import { describe, expect, it } from "vitest";
import { runCommand } from "./run-command";

describe("runCommand", () => {
  it("runs argv without a shell and returns exit code and output", async () => {
    const r = await runCommand(["/bin/sh", "-c", 'echo "$0 $1"; echo err >&2; exit 3', "a;b", "$(x)"]);
    expect(r).toMatchObject({ exitCode: 3, stdout: "a;b $(x)\n", stderr: "err\n", timedOut: false });
  });

  it("kills a child that ignores SIGTERM after the grace period", async () => {
    const started = Date.now();
    const r = await runCommand(["/bin/sh", "-c", "trap '' TERM; sleep 30"], { timeoutMs: 200, graceMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe("SIGKILL");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("stops on SIGTERM when the child honours it, and on abort", async () => {
    const t = await runCommand(["sleep", "30"], { timeoutMs: 100 });
    expect(t).toMatchObject({ timedOut: true, signal: "SIGTERM" });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const a = await runCommand(["sleep", "30"], { signal: ac.signal });
    expect(a).toMatchObject({ aborted: true, signal: "SIGTERM" });
  });

  it("bounds output and reports a program that cannot start", async () => {
    const r = await runCommand(["/bin/sh", "-c", "head -c 100000 /dev/zero"], { maxOutputBytes: 1000 });
    expect(r.stdout.length).toBe(1000);
    expect(r.truncated).toBe(true);
    const missing = await runCommand(["/nonexistent/program"]);
    expect(missing.spawnError).toMatch(/ENOENT/);
    expect(missing.exitCode).not.toBe(0);
  });
});
