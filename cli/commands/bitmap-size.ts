// `pitcrew bitmap-size SIZE…`: the minimum bitmap volume for masters of the given sizes
// (docs/instant-image.md §3.3), for independent and compact dependent sets.
import { minBitmapBytes } from "@/lib/bitmap-size";
import { formatByteSize, parseByteSize, SizeParseError } from "@/lib/byte-size";

export function runBitmapSize(args: string[]): number {
  if (!args.length) {
    process.stderr.write("usage: pitcrew bitmap-size SIZE… (e.g. 100G, 512M, 2T)\n");
    return 1;
  }
  for (const arg of args) {
    let bytes: number;
    try {
      bytes = parseByteSize(arg);
    } catch (err) {
      if (!(err instanceof SizeParseError)) throw err;
      process.stderr.write(`pitcrew bitmap-size: master size ${err.message}\n`);
      return 1;
    }
    const ind = minBitmapBytes(bytes);
    const compact = minBitmapBytes(bytes, "compact-dependent");
    process.stdout.write(
      `${arg}: ${ind} bytes = ${formatByteSize(ind)} (independent or full-size dependent); ` +
        `${compact} bytes = ${formatByteSize(compact)} (compact dependent)\n`,
    );
  }
  return 0;
}
