import { describe, expect, it } from "vitest";

import { getopt, optionTable } from "@/cli/iiadm/posix-getopt";

function run(argv: string[], spec = "ab:c") {
  const seen: [string, string | null][] = [];
  const result = getopt(
    argv,
    () => optionTable(spec),
    (letter, arg) => seen.push([letter, arg]),
  );
  return { seen, ...result };
}

describe("getopt", () => {
  it("reads clusters, attached and separate arguments, then stops at the first operand", () => {
    expect(run(["-ac", "-bx", "-b", "y", "op", "-a"])).toEqual({
      seen: [
        ["a", null],
        ["c", null],
        ["b", "x"],
        ["b", "y"],
      ],
      operandIndex: 4,
      notes: [],
    });
  });

  it("consumes -- and treats a lone - as an operand", () => {
    expect(run(["-a", "--", "-c"])).toMatchObject({ operandIndex: 2 });
    expect(run(["-a", "-", "-c"])).toMatchObject({ operandIndex: 1 });
  });

  it("notes unknown letters and a missing final argument", () => {
    expect(run(["-axc", "-b"])).toEqual({
      seen: [
        ["a", null],
        ["c", null],
      ],
      operandIndex: 2,
      notes: ["illegal option -- x", "option requires an argument -- b"],
    });
  });

  it("asks for the option table before every letter, so a callback can switch grammars", () => {
    let table = optionTable("g:");
    const seen: string[] = [];
    getopt(
      ["-g", "G", "-d"],
      () => table,
      (letter) => {
        seen.push(letter);
        table = optionTable("d");
      },
    );
    expect(seen).toEqual(["g", "d"]);
  });

  it("parses option strings", () => {
    expect([...optionTable("a:bc:")]).toEqual([
      ["a", true],
      ["b", false],
      ["c", true],
    ]);
  });
});
