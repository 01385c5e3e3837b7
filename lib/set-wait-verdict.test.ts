import { describe, expect, it } from "vitest";
import { DSW_COPYINGM, DSW_COPYINGP, DSW_GOLDEN, DSW_SHDOFFLINE } from "./dsw-flags";
import { seedInventory } from "@/test/support/seed-inventory";
import { isWaitSettled, setWaitVerdict } from "./set-wait-verdict";

const reported = (patch: Record<string, unknown> = {}) => ({ ...seedInventory({ enabled: 1 }).sets[0]!, ...patch });
const copyJob = { id: "job42", kind: "set.copy", state: "running" };

describe("setWaitVerdict", () => {
  it("is complete only for a current report of a set with no copy running or left incomplete", () => {
    expect(setWaitVerdict({ reported: reported(), job: null, staleReport: null })).toEqual({ state: "complete" });
  });

  it("keeps waiting while a job holds the set, even when the report says clean", () => {
    const v = setWaitVerdict({ reported: reported(), job: copyJob, staleReport: null });
    expect(v).toMatchObject({ state: "running", why: expect.stringContaining("job42") });
    expect(isWaitSettled(v)).toBe(false);
  });

  it("never decides from a report older than the host's last job: a clean-looking set is not known", () => {
    const v = setWaitVerdict({ reported: reported(), job: null, staleReport: "job 7 (set.copy) ended interrupted" });
    expect(v).toEqual({ state: "unknown", why: "job 7 (set.copy) ended interrupted" });
    expect(isWaitSettled(v)).toBe(false);
  });

  it("waits for a copy the host runs without a job (resumed after an agent restart)", () => {
    expect(
      setWaitVerdict({
        reported: reported({ flags: DSW_GOLDEN | DSW_COPYINGP | DSW_COPYINGM }),
        job: null,
        staleReport: null,
      }).state,
    ).toBe("running");
  });

  it("settles incomplete for a copy left not active, a volume offline, a suspended set, or the engine's own reason", () => {
    const cases = [
      [{ flags: DSW_GOLDEN | DSW_COPYINGM }, /copy not active/],
      [{ flags: DSW_GOLDEN | DSW_SHDOFFLINE }, /shadow volume offline/],
      [{ suspended: "bitmap header unreadable" }, /suspended: bitmap header unreadable/],
      [{ flags: DSW_GOLDEN | DSW_SHDOFFLINE, incomplete: "the copy failed: ENOSPC" }, /ENOSPC/],
    ] as const;
    for (const [patch, why] of cases) {
      const v = setWaitVerdict({ reported: reported(patch), job: null, staleReport: null });
      expect(v.state).toBe("incomplete");
      expect(v.state === "incomplete" && v.why).toMatch(why);
      expect(isWaitSettled(v)).toBe(true);
    }
  });
});
