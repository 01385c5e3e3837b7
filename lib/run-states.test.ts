import { describe, expect, it } from "vitest";
import {
  activeRunStates,
  canTransitionRun,
  finishedRunStates,
  initialRunStates,
  isActiveRunState,
  runStates,
  runTransitions,
  type RunState,
} from "./run-states";

function reachableFrom(starts: readonly RunState[]): Set<RunState> {
  const seen = new Set<RunState>(starts);
  const queue = [...starts];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    for (const next of runTransitions[s]) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

describe("run state machine", () => {
  it("has an entry for every state, and moves only to known states", () => {
    expect(Object.keys(runTransitions).sort()).toEqual([...runStates].sort());
    for (const to of Object.values(runTransitions).flat()) expect(runStates).toContain(to);
  });

  it("reaches every state from the states a run is created in", () => {
    expect([...reachableFrom(initialRunStates)].sort()).toEqual([...runStates].sort());
  });

  it("lets every active run end, and ends a succeeded run for good", () => {
    for (const s of activeRunStates) expect(runTransitions[s].length).toBeGreaterThan(0);
    expect(runTransitions.succeeded).toEqual([]);
    for (const s of finishedRunStates) expect(isActiveRunState(s)).toBe(false);
  });

  it("thaws before it fails or is cancelled, and leaves the rejoin gate only by approval or cancel", () => {
    expect(canTransitionRun("thawing", "failed")).toBe(true);
    expect(canTransitionRun("thawing", "running")).toBe(false);
    expect(canTransitionRun("cancelling", "cancelled")).toBe(true);
    expect(canTransitionRun("cancelling", "failed")).toBe(false);
    expect(runTransitions["awaiting-approval"]).toEqual(["running", "cancelling"]);
  });

  it("resumes or abandons a failed run, and sends a cancelled one home only through running", () => {
    expect(canTransitionRun("failed", "running")).toBe(true);
    expect(canTransitionRun("failed", "cancelled")).toBe(true);
    expect(runTransitions.cancelled).toEqual(["running"]);
    expect(canTransitionRun("succeeded", "running")).toBe(false);
  });

  it("refuses a state it does not know, as from and as itself", () => {
    expect(canTransitionRun("paused", "running")).toBe(false);
    expect(canTransitionRun("running", "running")).toBe(false);
  });
});
