import { describe, expect, it } from "vitest";
import { checkThrottleInput } from "./throttle-input";
import { THROTTLE_LIMITS } from "./throttle-limits";

describe("checkThrottleInput", () => {
  it("accepts whole numbers within II's ranges", () => {
    expect(checkThrottleInput("2", "100")).toEqual({ errors: {}, value: { delay: 2, unit: 100 } });
    expect(
      checkThrottleInput(String(THROTTLE_LIMITS.delay.max), String(THROTTLE_LIMITS.unit.max)).value,
    ).not.toBeNull();
  });

  it("names the range when a value is outside it or not a number", () => {
    expect(checkThrottleInput("1", "100")).toEqual({
      errors: { delay: "delay must be from 2 to 10000 (got 1)" },
      value: null,
    });
    expect(checkThrottleInput("10", "60001").errors.unit).toBe("unit must be from 100 to 60000 (got 60001)");
    expect(checkThrottleInput("1.5", "").errors).toEqual({
      delay: "delay must be a whole number from 2 to 10000",
      unit: "unit must be a whole number from 100 to 60000",
    });
  });
});
