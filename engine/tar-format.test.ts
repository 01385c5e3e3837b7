import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  BLOCK_BYTES,
  END_OF_ARCHIVE,
  memberHeader,
  paddingAfter,
  parseHeaderBlock,
  parsePaxRecords,
} from "./tar-format";

describe("tar headers", () => {
  it("writes a ustar header GNU tar accepts, with its checksum", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pitcrew-tar-"));
    try {
      const data = Buffer.from("hello tape\n");
      const file = path.join(dir, "t.tar");
      writeFileSync(
        file,
        Buffer.concat([
          memberHeader({ name: "run-1/a.img", size: data.length }, 1_700_000_000),
          data,
          Buffer.alloc(paddingAfter(data.length)),
          END_OF_ARCHIVE,
        ]),
      );
      expect(execFileSync("tar", ["-t", "-v", "-f", file], { encoding: "utf8" })).toMatch(
        /-rw-r----- root\/root\s+11 .* run-1\/a\.img/,
      );
      expect(execFileSync("tar", ["-x", "-O", "-f", file], { encoding: "utf8" })).toBe("hello tape\n");
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("puts a long path and a size beyond ustar's 8 GiB in a pax header, and reads them back", () => {
    const name = `${"x".repeat(90)}/backup-${"v".repeat(40)}.img`;
    const size = 20 * 1024 ** 4;
    const blocks = memberHeader({ name, size }, 0);
    const pax = parseHeaderBlock(blocks.subarray(0, BLOCK_BYTES), 0);
    expect(pax).toMatchObject({ kind: "member", typeflag: "x" });
    const records = parsePaxRecords(blocks.subarray(BLOCK_BYTES, BLOCK_BYTES + (pax.kind === "member" ? pax.size : 0)));
    expect(records).toEqual({ path: name, size: String(size) });
    const main = parseHeaderBlock(blocks.subarray(blocks.length - BLOCK_BYTES), blocks.length - BLOCK_BYTES);
    expect(main).toMatchObject({ kind: "member", typeflag: "0", size: 0 });
    // Every record's length counts itself: "LEN key=value\n".
    for (const line of blocks
      .subarray(BLOCK_BYTES)
      .toString("utf8")
      .split("\n")
      .filter((l) => /^\d+ /.test(l))) {
      expect(Number(line.split(" ")[0])).toBe(Buffer.byteLength(`${line}\n`));
    }
  });

  it("recognises the end blocks and refuses a header whose checksum is wrong, naming the offset", () => {
    expect(parseHeaderBlock(Buffer.alloc(BLOCK_BYTES), 0)).toEqual({ kind: "end" });
    const block = memberHeader({ name: "a", size: 1 }, 0);
    block[0] = "b".charCodeAt(0);
    expect(() => parseHeaderBlock(block, 65536)).toThrow(/not a tar header at byte 65536: checksum/);
    expect(paddingAfter(512)).toBe(0);
    expect(paddingAfter(513)).toBe(511);
  });
});
