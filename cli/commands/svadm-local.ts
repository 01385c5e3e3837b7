// `pitcrew svadm --local`: svadm's grammar and exit statuses (docs/instant-image.md §7.1) over the
// sv bookkeeping of engine/sv.ts. Exit 2 on usage errors, 1 when the operation fails ("error:"),
// 0 otherwise; a volume that was already in the wanted state is a "warning:" line.
import { readFile } from "node:fs/promises";
import { stateDirFrom } from "@/cli/defaults";
import { pitcrewVersion } from "@/cli/install-paths";
import { parseArgs } from "node:util";
import { ConfigStore } from "@/engine/config-store";
import { svDisable, svEnable, svList, type SvContext } from "@/engine/sv";

const USAGE = `usage: pitcrew svadm --local [--state-dir DIR] [--host NAME] [-i]
       pitcrew svadm --local [--state-dir DIR] [--host NAME] -e|-d vol…
       pitcrew svadm --local [--state-dir DIR] [--host NAME] -e|-d -f file
       pitcrew svadm -v | -h
With no -e/-d, lists the volumes under sv, one path per line (-i: with their cluster tag).
`;

class UsageError extends Error {}

const OPTIONS = {
  local: { type: "boolean" },
  "state-dir": { type: "string" },
  host: { type: "string" },
  enable: { type: "boolean", short: "e" },
  disable: { type: "boolean", short: "d" },
  file: { type: "string", short: "f" },
  info: { type: "boolean", short: "i" },
  version: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" },
} as const;

/** svadm's volume file: one path per line (first field), `#` comments and blank lines ignored. */
async function volumesFromFile(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8").catch((err: Error) => {
    throw new Error(`unable to read ${file}: ${err.message}`);
  });
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split(/\s+/)[0]!);
}

export async function runSvadmLocal(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (values.version) {
      process.stdout.write(`svadm (pitcrew) ${await pitcrewVersion()}\n`);
      return 0;
    }
    const change = values.enable || values.disable;
    if (values.enable && values.disable) throw new UsageError("-d and -e are mutually exclusive");
    if (values.file !== undefined && !change) throw new UsageError("-f is only valid with -e or -d");
    if (values.info && change) throw new UsageError("-i is only valid when listing");
    if (values.file !== undefined && positionals.length)
      throw new UsageError("give volumes either with -f or as operands, not both");
    if (change && values.file === undefined && !positionals.length)
      throw new UsageError(`-${values.enable ? "e" : "d"} needs a volume`);
    if (!change && positionals.length) throw new UsageError("a volume operand needs -e or -d");
    if (!values.local) {
      process.stderr.write(
        "svadm: error: name a host with -H HOST (through the console), or use --local for this machine\n",
      );
      return 1;
    }
    const stateDir = stateDirFrom(values["state-dir"]);
    const ctx: SvContext = {
      stateDir,
      config: new ConfigStore(stateDir),
      hostName: values.host,
      warn: (message) => process.stderr.write(`svadm: warning: ${message}\n`),
    };
    if (!change) {
      const suffix = values.info ? " [local to node]" : "";
      for (const p of await svList(ctx)) process.stdout.write(`${p}${suffix}\n`);
      return 0;
    }
    const volumes = values.file !== undefined ? await volumesFromFile(values.file) : positionals;
    if (values.enable) await svEnable(ctx, volumes);
    else await svDisable(ctx, volumes);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`svadm: ${(err as Error).message}\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`svadm: error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
