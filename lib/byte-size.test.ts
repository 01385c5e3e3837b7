// Sizes as operators type them (binary units, `s` = 512-byte sectors) and as they are printed.
import { describe, expect, it } from "vitest";
import { formatByteSize, parseByteSize, SizeParseError } from "./byte-size";

describe("parseByteSize", () => {
  it.each([
    ["100G", 107_374_182_400],
    ["64M", 67_108_864],
    ["64MiB", 67_108_864],
    ["64MB", 67_108_864],
    ["1.5T", 1_649_267_441_664],
    ["2048s", 1_048_576],
    ["4096", 4096],
    ["4096b", 4096],
    ["24K", 24_576],
    ["100g", 107_374_182_400],
    ["64mib", 67_108_864],
    ["1p", 1024 ** 5],
    [" 100 G ", 107_374_182_400],
    ["0", 0],
    ["0.5K", 512],
  ])("%j -> %d bytes", (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(["", "   ", "12Q", "-1", "G", "1,5G", "1e3", "10 G B", "0x10"])("refuses %j, naming the text", (text) => {
    expect(() => parseByteSize(text)).toThrow(SizeParseError);
    expect(() => parseByteSize(text)).toThrow(`'${text}' is not a size`);
  });

  it("refuses a fractional number of bytes", () => {
    expect(() => parseByteSize("1.3")).toThrow(SizeParseError);
    expect(() => parseByteSize("1.3")).toThrow("'1.3' is not a whole number of bytes");
    expect(() => parseByteSize("1.1K")).toThrow("not a whole number of bytes");
    expect(() => parseByteSize("0.5s")).not.toThrow();
  });

  it("refuses sizes beyond 2^53 bytes", () => {
    expect(() => parseByteSize("99999P")).toThrow("'99999P' is too large");
  });
});

describe("formatByteSize", () => {
  it.each([
    [843_776, "824 KiB"],
    [0, "0 bytes"],
    [1023, "1023 bytes"],
    [1024, "1 KiB"],
    [1536, "1.5 KiB"],
    [25_600, "25 KiB"],
    [67_108_864, "64 MiB"],
    [107_374_182_400, "100 GiB"],
    [1_649_267_441_664, "1.5 TiB"],
    [1024 ** 5 * 2048, "2048 PiB"],
    [1_000_000, "976.56 KiB"],
  ])("%d -> %j", (bytes, text) => {
    expect(formatByteSize(bytes)).toBe(text);
  });

  it("round-trips the printed sizes of the sizing examples", () => {
    for (const text of ["824 KiB", "64 MiB", "100 GiB", "1.5 TiB"]) {
      expect(formatByteSize(parseByteSize(text))).toBe(text);
    }
  });
});
