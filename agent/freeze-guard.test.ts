import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FreezeGuard } from "./freeze-guard";

describe("freeze guard across agent restarts", () => {
  it("a new agent process runs the resume hook of a freeze its predecessor never ended, and says so", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "freeze-")), "state", "freeze.json");
    const thawed: string[] = [];
    const first = new FreezeGuard(
      async (hook) => {
        thawed.push(hook);
      },
      () => undefined,
      file,
    );
    first.arm("thaw-db", 60_000, 1_000);
    expect(existsSync(file)).toBe(true);
    // The process dies here (no disarm). A new one starts:
    const lines: string[] = [];
    const second = new FreezeGuard(
      async (hook) => {
        thawed.push(hook);
      },
      (l) => lines.push(l),
      file,
    );
    const thaw = await second.recoverAfterRestart(4_000);
    expect(thawed).toEqual(["thaw-db"]);
    expect(thaw).toMatchObject({ resumeHook: "thaw-db", frozenMs: 3_000, error: null });
    expect(thaw?.reason).toMatch(/^the previous agent process stopped while the application was quiesced/);
    expect(second.state).toBeNull();
    expect(existsSync(file)).toBe(false);
    expect(
      await new FreezeGuard(
        async () => {
          throw new Error("must not run");
        },
        () => undefined,
        file,
      ).recoverAfterRestart(),
    ).toBeNull();
  });

  it("a resume that came in time leaves nothing for the next process", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "freeze-")), "freeze.json");
    const guard = new FreezeGuard(
      async () => undefined,
      () => undefined,
      file,
    );
    guard.arm("thaw", 60_000, 0);
    expect(guard.disarm(2_500)).toBe(2_500);
    expect(existsSync(file)).toBe(false);
  });
});
