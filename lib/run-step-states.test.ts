import { describe, expect, it } from "vitest";
import { canTransitionRunStep, runStepStates, runStepTransitions } from "./run-step-states";

describe("run step state machine", () => {
  it("has an entry for every state; a step ends once, from running", () => {
    expect(Object.keys(runStepTransitions).sort()).toEqual([...runStepStates].sort());
    expect(runStepTransitions.running).toEqual(["succeeded", "skipped", "failed", "cancelled"]);
    for (const s of runStepStates.filter((s) => s !== "running")) expect(runStepTransitions[s]).toEqual([]);
  });

  it("never goes back to running, nor from one end to another", () => {
    expect(canTransitionRunStep("failed", "running")).toBe(false);
    expect(canTransitionRunStep("succeeded", "failed")).toBe(false);
    expect(canTransitionRunStep("running", "running")).toBe(false);
    expect(canTransitionRunStep("bogus", "failed")).toBe(false);
  });
});
