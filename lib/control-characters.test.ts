import { describe, expect, it } from "vitest";
import { describeControlCharacter } from "./control-characters";

describe("describeControlCharacter", () => {
  it("names the first control character and where it is", () => {
    expect(describeControlCharacter("/san/vol01\u0000x")).toBe("NUL (U+0000) at character 11");
    expect(describeControlCharacter("a\nb\tc")).toBe("newline (U+000A) at character 2");
    expect(describeControlCharacter("\u001b[2J")).toBe("escape (U+001B) at character 1");
    expect(describeControlCharacter("x\u009b")).toBe("a control character (U+009B) at character 2");
  });

  it("passes ordinary paths, spaces and non-ASCII letters", () => {
    for (const p of ["/san/production/vol01", "production/vol01.bmp", "/srv/my archives/été", "/dev/st0"]) {
      expect(describeControlCharacter(p)).toBeNull();
    }
  });
});
