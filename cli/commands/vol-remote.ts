// `pitcrew vol -H HOST create DG/NAME SIZE`: a volume in a disk group the host has imported,
// through the console (vxassist make). Prints the new volume's path and size, for scripts.
import { parseArgs } from "node:util";
import { minBitmapBytes } from "@/lib/bitmap-size";
import { parseByteSize, SizeParseError } from "@/lib/byte-size";
import { CommandUsageError, finishJob, runConsoleCommand } from "@/cli/console/run-console-command";

const USAGE = `usage: pitcrew vol -H HOST create DG/NAME SIZE [--preallocate]
       pitcrew vol -H HOST create DG/NAME --bitmap-for MASTERSIZE [--compact-dependent]
SIZE like 64M, 10G; sparse unless --preallocate. --bitmap-for sizes a bitmap volume for a master;
--compact-dependent adds room for a compact dependent set's index.
Console and token: PITCREW_URL, PITCREW_TOKEN.
`;

function parseSize(field: string, text: string): number {
  try {
    return parseByteSize(text);
  } catch (err) {
    if (err instanceof SizeParseError) throw new CommandUsageError(`${field}: ${err.message}`);
    throw err;
  }
}

export function runVolRemote(host: string, argv: string[]): Promise<number> {
  return runConsoleCommand("pitcrew vol", USAGE, async (client) => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        preallocate: { type: "boolean" },
        "bitmap-for": { type: "string" },
        "compact-dependent": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return;
    }
    const [command, target, sizeText, ...extra] = positionals;
    if (command !== "create")
      throw new CommandUsageError(command ? `unknown command '${command}'` : "a command is missing");
    if (!target || extra.length) throw new CommandUsageError("create takes DG/NAME and a SIZE");
    const [diskGroup, name, ...rest] = target.split("/");
    if (!diskGroup || !name || rest.length) throw new CommandUsageError(`volume: '${target}' is not DG/NAME`);
    const bitmapFor = values["bitmap-for"];
    if (bitmapFor !== undefined && sizeText !== undefined)
      throw new CommandUsageError("give either SIZE or --bitmap-for MASTERSIZE, not both");
    if (bitmapFor === undefined && sizeText === undefined)
      throw new CommandUsageError(`size of volume ${target} is missing`);
    if (values["compact-dependent"] && bitmapFor === undefined)
      throw new CommandUsageError("--compact-dependent goes with --bitmap-for MASTERSIZE");
    const bitmapKind = values["compact-dependent"] ? "compact-dependent" : "independent";
    const masterBytes = bitmapFor === undefined ? null : parseSize(`--bitmap-for (volume ${target})`, bitmapFor);
    const sizeBytes =
      masterBytes === null ? parseSize(`size of volume ${target}`, sizeText!) : minBitmapBytes(masterBytes, bitmapKind);
    const job = await finishJob(
      client,
      client.volume.create.mutate({
        host,
        diskGroup,
        name,
        sizeBytes,
        preallocate: values.preallocate ?? false,
        bitmapForMasterBytes: masterBytes,
        bitmapKind,
      }),
    );
    process.stdout.write(`${String(job.result?.path)} ${String(job.result?.sizeBytes)}\n`);
  });
}
