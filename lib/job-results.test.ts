import { describe, expect, expectTypeOf, it } from "vitest";
import { jobResultSchemas, parseJobResult, resultOf, type JobResult } from "./job-results";
import { jobKinds } from "./job-types";

describe("parseJobResult", () => {
  it("names each field that does not match its kind, with what it held", () => {
    const parsed = parseJobResult("hook.run", {
      hook: "thaw",
      purpose: "resume",
      frozenMs: "2 s",
      resumedByAgent: { frozenMs: 1 },
    });
    expect(parsed).toEqual({
      ok: false,
      problems: [
        expect.stringMatching(/^frozenMs: .* \(got "2 s"\)$/),
        expect.stringMatching(/^resumedByAgent\.resumeHook: /),
        expect.stringMatching(/^resumedByAgent\.reason: /),
        expect.stringMatching(/^resumedByAgent\.error: /),
      ],
    });
  });

  it("refuses a result that is not an object", () => {
    expect(parseJobResult("dg.deport", ["dg1"])).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^result: /)],
    });
  });

  it("takes an older agent's result without a field, and keeps a newer agent's extra fields", () => {
    expect(parseJobResult("set.join", { set: "/san/b", chunksMerged: 3 })).toEqual({
      ok: true,
      result: { set: "/san/b", chunksMerged: 3 },
    });
    expect(parseJobResult("dg.deport", { diskGroup: "dg1", tookMs: 12 })).toEqual({
      ok: true,
      result: { diskGroup: "dg1", tookMs: 12 },
    });
  });

  it("has a result schema for every job kind", () => {
    expect(Object.keys(jobResultSchemas).sort()).toEqual([...jobKinds].sort());
  });
});

describe("resultOf", () => {
  it("reads a job's result typed by its kind, parsed or as stored", () => {
    const byAgent = { resumeHook: "thaw", frozenMs: 9_000, reason: "the freeze budget ran out", error: null };
    const parsed = resultOf(
      { result: { hook: "thaw", purpose: "resume", frozenMs: 9_000, resumedByAgent: byAgent } },
      "hook.run",
    );
    expectTypeOf(parsed.frozenMs).toEqualTypeOf<number | null | undefined>();
    expect(parsed.resumedByAgent?.reason).toBe("the freeze budget ran out");
    expect(resultOf({ resultJson: JSON.stringify({ deleted: true, dir: "/arch/w1" }) }, "archive.delete")).toEqual({
      deleted: true,
      dir: "/arch/w1",
    });
  });

  it("reads a missing or unreadable stored result as empty", () => {
    expect(resultOf({ result: null }, "set.disable")).toEqual({});
    expect(resultOf({ resultJson: null }, "set.disable")).toEqual({});
    expect(resultOf({ resultJson: "{" }, "set.disable")).toEqual({});
    expect(resultOf({ resultJson: "[1]" }, "set.disable")).toEqual({});
  });

  it("types what an executor returns per kind", () => {
    expectTypeOf<JobResult<"volume.create">["sizeBytes"]>().toEqualTypeOf<number>();
    expectTypeOf<JobResult<"set.disable">["importerWrites"]>().toEqualTypeOf<Record<string, number>>();
  });
});
