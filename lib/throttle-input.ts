// The throttle form (iiadm -P delay unit, docs/instant-image.md §6.4): the typed text checked against
// II's ranges (lib/throttle-limits.ts) before anything is sent, with messages naming the range.
import { THROTTLE_LIMITS } from "./throttle-limits";

export interface ThrottleCheck {
  errors: { delay?: string; unit?: string };
  value: { delay: number; unit: number } | null;
}

function wholeInRange(
  text: string,
  limits: { min: number; max: number },
  what: string,
): { value?: number; error?: string } {
  if (!/^\s*\d+\s*$/.test(text)) return { error: `${what} must be a whole number from ${limits.min} to ${limits.max}` };
  const value = Number(text);
  if (value < limits.min || value > limits.max)
    return { error: `${what} must be from ${limits.min} to ${limits.max} (got ${value})` };
  return { value };
}

export function checkThrottleInput(delayText: string, unitText: string): ThrottleCheck {
  const delay = wholeInRange(delayText, THROTTLE_LIMITS.delay, "delay");
  const unit = wholeInRange(unitText, THROTTLE_LIMITS.unit, "unit");
  const errors = { ...(delay.error ? { delay: delay.error } : {}), ...(unit.error ? { unit: unit.error } : {}) };
  return {
    errors,
    value: delay.value !== undefined && unit.value !== undefined ? { delay: delay.value, unit: unit.value } : null,
  };
}
