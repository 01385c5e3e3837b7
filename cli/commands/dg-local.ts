// `pitcrew dg --local`: disk groups from this host (docs/architecture.md §2, docs/instant-image.md §8.1): what
// `vxdg`/`vxvol`/`vxassist` give a VxVM operator, on directories that several hosts reach.
// Busy checks use this host's state dir (its sets and sv users); every change is logged to
// ds.log there, an import that cleared another host's lock (-C) with its warning.
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { diskGroupRootsFrom, stateDirFrom } from "@/cli/defaults";
import { ConfigStore } from "@/engine/config-store";
import { createDiskGroup } from "@/engine/disk-group";
import { listDiskGroups, type ListedDiskGroup } from "@/engine/disk-group-list";
import { METADATA_FILE } from "@/engine/disk-group-metadata";
import { assertObjectName } from "@/engine/disk-group-names";
import { deportDiskGroup, importDiskGroup, startAll, stopAll } from "@/engine/disk-group-ownership";
import { createBitmapVolume, createVolume, type CreatedVolume } from "@/engine/disk-group-volumes";
import { EngineError } from "@/engine/engine-error";
import { dsLog } from "@/engine/ds-log";
import { volumeInUseReason } from "@/engine/sv";
import { formatByteSize, parseByteSize, SizeParseError } from "@/lib/byte-size";

const USAGE = `usage: pitcrew dg --local [--state-dir DIR] [--host NAME] [--roots DIR[,DIR]] COMMAND
  list                                        disk groups under the roots, with owner and volumes
  create DG                                   create DG in the first root, imported here, volumes started
  deport DG                                   release DG (refused while any volume is in use)
  import [-C] DG                              claim DG; -C clears another host's import lock (dangerous)
  startall DG | stopall DG                    make DG's volumes usable / closed
  vol-create DG/NAME SIZE [--preallocate]     a volume (sparse unless --preallocate), e.g. 10G
  vol-create DG/NAME --bitmap-for MASTERSIZE  a bitmap volume sized for a master of MASTERSIZE
DG is a disk group's name (looked up under the roots) or its directory. Roots default to
$PITCREW_DG_ROOTS (comma-separated), the host name to this machine's.
`;

class UsageError extends Error {}
const NO_ROOTS = "no disk-group roots: pass --roots DIR[,DIR] or set PITCREW_DG_ROOTS";

const OPTIONS = {
  local: { type: "boolean" },
  "state-dir": { type: "string" },
  host: { type: "string" },
  roots: { type: "string" },
  "clear-lock": { type: "boolean", short: "C" },
  "bitmap-for": { type: "string" },
  preallocate: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

interface Invocation {
  host: string;
  roots: string[];
  stateDir: string;
  clearLock: boolean;
  bitmapFor: string | undefined;
  preallocate: boolean;
}

/** A group named by directory, or by name under exactly one root. */
function findGroup(dg: string, roots: readonly string[]): string {
  if (path.isAbsolute(dg)) return dg;
  assertObjectName("disk group name", dg);
  if (!roots.length) throw new UsageError(NO_ROOTS);
  const found = roots.map((r) => path.join(r, dg)).filter((d) => existsSync(path.join(d, METADATA_FILE)));
  if (!found.length) throw new EngineError("DG_ENOTFOUND", `disk group ${dg} not found under ${roots.join(", ")}`);
  if (found.length > 1)
    throw new EngineError(
      "DG_EINVAL",
      `disk group ${dg} exists under several roots (${found.join(", ")}): name its directory`,
    );
  return found[0]!;
}

function formatList(groups: readonly ListedDiskGroup[]): string {
  const lines: string[] = [];
  for (const g of groups) {
    const md = g.metadata;
    if (!md) {
      lines.push(`${g.name}: DAMAGED: ${g.damaged}`, `  dir ${g.dir}`);
      continue;
    }
    const state =
      md.owner === null ? "deported" : `imported by ${md.owner}, volumes ${md.volumesStarted ? "started" : "stopped"}`;
    lines.push(`${md.name}: ${state}, import generation ${md.importGeneration}, id ${md.id}`, `  dir ${g.dir}`);
    const width = Math.max(0, ...g.volumes.map((v) => v.name.length));
    for (const v of g.volumes) {
      const size =
        v.actualSizeBytes === null
          ? `unreadable: ${v.problem}`
          : `${v.actualSizeBytes} bytes (${formatByteSize(v.actualSizeBytes)})`;
      lines.push(`  ${v.name.padEnd(width)}  ${(v.role ?? "data").padEnd(6)}  ${v.kind.padEnd(5)}  ${v.path}  ${size}`);
    }
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

function parseSize(field: string, text: string): number {
  try {
    return parseByteSize(text);
  } catch (err) {
    if (err instanceof SizeParseError) throw new EngineError("DG_EINVAL", `${field} ${err.message}`);
    throw err;
  }
}

async function volCreate(inv: Invocation, operands: string[]): Promise<CreatedVolume> {
  const [target, sizeText] = operands;
  if (!target || operands.length > 2) throw new UsageError("vol-create takes DG/NAME and a SIZE");
  const slash = path.isAbsolute(target) ? target.lastIndexOf("/") : target.indexOf("/");
  if (slash <= 0) throw new UsageError(`vol-create: '${target}' is not DG/NAME`);
  const dgDir = findGroup(target.slice(0, slash), inv.roots);
  const name = target.slice(slash + 1);
  const opts = { host: inv.host, preallocate: inv.preallocate };
  if (inv.bitmapFor !== undefined) {
    if (sizeText !== undefined)
      throw new UsageError("vol-create: give either SIZE or --bitmap-for MASTERSIZE, not both");
    return createBitmapVolume(dgDir, name, parseSize(`bitmap volume ${name}: master size`, inv.bitmapFor), opts);
  }
  if (sizeText === undefined) throw new UsageError("vol-create: SIZE is missing");
  return createVolume(dgDir, name, parseSize(`volume ${name}: size`, sizeText), opts);
}

async function dispatch(inv: Invocation, command: string | undefined, operands: string[]): Promise<void> {
  const ctx = { config: new ConfigStore(inv.stateDir) };
  const inUse = (p: string) => volumeInUseReason(ctx, p);
  const log = (message: string) => dsLog(inv.stateDir, message, "dg");
  const one = () => {
    if (operands.length !== 1) throw new UsageError(`${command} takes exactly one disk group`);
    return operands[0]!;
  };
  switch (command) {
    case "list":
      if (operands.length) throw new UsageError("list takes no operand");
      if (!inv.roots.length) throw new UsageError(NO_ROOTS);
      process.stdout.write(
        formatList(await listDiskGroups(inv.roots, (w) => process.stderr.write(`pitcrew dg: warning: ${w}\n`))),
      );
      return;
    case "create": {
      const dg = one();
      const [root, name] = path.isAbsolute(dg) ? [path.dirname(dg), path.basename(dg)] : [inv.roots[0], dg];
      if (!root) throw new UsageError(NO_ROOTS);
      const { dir } = await createDiskGroup(root, name, inv.host);
      return log(`created disk group ${name} in ${dir}, imported by ${inv.host}`);
    }
    case "deport": {
      const md = await deportDiskGroup(findGroup(one(), inv.roots), inv.host, inUse);
      return log(`deported disk group ${md.name} from ${inv.host}`);
    }
    case "import": {
      const { metadata, warning } = await importDiskGroup(findGroup(one(), inv.roots), inv.host, {
        clearLock: inv.clearLock,
      });
      if (warning) process.stderr.write(`pitcrew dg: warning: ${warning}\n`);
      return log(
        `imported disk group ${metadata.name} on ${inv.host}, generation ${metadata.importGeneration}${warning ? `: ${warning}` : ""}`,
      );
    }
    case "startall": {
      const md = await startAll(findGroup(one(), inv.roots), inv.host);
      return log(`started the volumes of disk group ${md.name}`);
    }
    case "stopall": {
      const md = await stopAll(findGroup(one(), inv.roots), inv.host, inUse);
      return log(`stopped the volumes of disk group ${md.name}`);
    }
    case "vol-create": {
      // Path and size on stdout, for scripts that go on to enable a set on the volume.
      const { path: p, volume } = await volCreate(inv, operands);
      process.stdout.write(`${p} ${volume.sizeBytes}\n`);
      return log(`created ${volume.role ?? "data"} volume ${p} (${volume.sizeBytes} bytes)`);
    }
    default:
      throw new UsageError(command ? `unknown command '${command}'` : "a command is missing");
  }
}

export async function runDgLocal(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (!values.local) {
      process.stderr.write(
        "pitcrew dg: name a host with -H HOST (through the console), or use --local for this machine\n",
      );
      return 1;
    }
    const roots = diskGroupRootsFrom(values.roots);
    const inv: Invocation = {
      host: values.host ?? os.hostname(),
      roots,
      stateDir: stateDirFrom(values["state-dir"]),
      clearLock: values["clear-lock"] ?? false,
      bitmapFor: values["bitmap-for"],
      preallocate: values.preallocate ?? false,
    };
    const [command, ...operands] = positionals;
    if (inv.clearLock && command !== "import") throw new UsageError("-C is only valid with import");
    await dispatch(inv, command, operands);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`pitcrew dg: ${(err as Error).message}\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`pitcrew dg: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
