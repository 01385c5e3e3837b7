import { describe, expect, it } from "vitest";
import type { CliTiming } from "./engine";
import { instantVerdicts, type AgentRound, type InstantResult, type InstantRound } from "./instant";

const GiB = 1024 ** 3;

function cli(startSeconds: number, wallSeconds: number): CliTiming {
  return {
    startSeconds,
    wallSeconds,
    workerSeconds: null,
    workerPeakRssBytes: null,
    workerReadBytes: null,
    workerWriteBytes: null,
  };
}

function round(start: number, wall: number, lastUpdate = "instant"): InstantRound {
  return {
    changedChunks: 100,
    cli: cli(start, wall),
    deviceReadBytes: 100 * 32768,
    diff: null,
    clone: null,
    lastUpdate,
    lastUpdateNote: null,
  };
}

function agent(freeze: number, update: number, lastUpdate = "instant"): AgentRound {
  return { changedChunks: 100, freezeSeconds: freeze, updateSeconds: update, deviceReadBytes: 100 * 32768, lastUpdate };
}

function result(
  sizeBytes: number,
  rounds: InstantRound[],
  agentRounds: AgentRound[],
  read: number,
  rsync: number,
): InstantResult {
  const peer = (seconds: number) => ({ tool: "x", seconds, syncSeconds: 0 });
  return {
    sizeBytes,
    age: "fresh",
    placement: "",
    masterExtentsAtStart: 3,
    enable: cli(1, 2),
    rounds,
    agentRounds,
    rsyncs: rounds.map(() => peer(rsync)),
    reads: rounds.map(() => peer(read)),
  };
}

const verdict = (vs: ReturnType<typeof instantVerdicts>, target: string, scope: string) =>
  vs.find((v) => v.target.startsWith(target) && v.scope === scope);

describe("instant bench verdicts", () => {
  it("judges the CLI and the agent path apart, on the same read and rsync", () => {
    const vs = instantVerdicts([result(GiB, [round(0.4, 0.8)], [agent(0.1, 0.2)], 2, 4)]);
    expect(verdict(vs, "freeze (-u s)", "1 GiB CLI")).toMatchObject({ value: "0.20×", pass: false });
    expect(verdict(vs, "freeze (-u s)", "1 GiB agent")).toMatchObject({ value: "0.05×", pass: true });
    expect(verdict(vs, "update 1 % ≥", "1 GiB CLI")).toMatchObject({ value: "5.00×", pass: false });
    expect(verdict(vs, "update 1 % ≥", "1 GiB agent")).toMatchObject({ value: "20.00×", pass: true });
    expect(verdict(vs, "update 1 % ≤", "1 GiB agent")).toMatchObject({ pass: true });
  });

  it("never passes a path whose rounds were not all instant", () => {
    const vs = instantVerdicts([result(GiB, [round(0.01, 0.02)], [agent(0.01, 0.02, "scan")], 2, 4)]);
    expect(verdict(vs, "freeze (-u s)", "1 GiB CLI")?.pass).toBe(true);
    expect(verdict(vs, "freeze (-u s)", "1 GiB agent")?.pass).toBe(false);
    expect(verdict(vs, "device read", "1 GiB agent")?.pass).toBe(false);
  });

  it("compares the freeze across sizes per path, and leaves out a path that was not measured", () => {
    const vs = instantVerdicts([result(GiB, [round(0.2, 1)], [], 2, 4), result(4 * GiB, [round(0.5, 2)], [], 8, 30)]);
    expect(verdict(vs, "freeze 4 GiB", "CLI")).toMatchObject({ value: "2.50×", pass: false });
    expect(vs.some((v) => v.scope.endsWith("agent"))).toBe(false);
  });
});
