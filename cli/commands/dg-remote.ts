// `pitcrew dg -H HOST`: disk groups as one host sees them, through the console. Each change is a
// job the host's agent runs with the engine's own checks (busy volumes, another host's lock).
import { parseArgs } from "node:util";
import type { Inventory } from "@/lib/agent-protocol";
import { formatByteSize } from "@/lib/byte-size";
import { CommandUsageError, finishJob, runConsoleCommand } from "@/cli/console/run-console-command";

const USAGE = `usage: pitcrew dg -H HOST COMMAND
  list                     disk groups the host sees, with owner and volumes
  create DG                create DG in the host's first root, imported there
  deport DG                release DG (refused while any volume is in use)
  import [-C] DG           claim DG for the host; -C clears another host's lock (dangerous; audited)
  startall DG | stopall DG make DG's volumes usable / closed
Console and token: PITCREW_URL, PITCREW_TOKEN.
`;

// `conflict`: the host's claim contradicts the console's record of the holder (lib/disk-group-ownership.ts).
function formatDiskGroups(groups: (Inventory["diskGroups"][number] & { conflict?: string | null })[]): string {
  const lines: string[] = [];
  for (const g of groups) {
    if (g.damaged) {
      lines.push(`${g.name}: DAMAGED: ${g.damaged}`, `  dir ${g.dir}`);
      continue;
    }
    const state =
      g.owner === null ? "deported" : `imported by ${g.owner}, volumes ${g.volumesStarted ? "started" : "stopped"}`;
    lines.push(`${g.name}: ${state}, import generation ${g.importGeneration}`, `  dir ${g.dir}`);
    if (g.conflict) lines.push(`  conflict: ${g.conflict}`);
    const width = Math.max(0, ...g.volumes.map((v) => v.name.length));
    for (const v of g.volumes) {
      const use = v.usedBy ? `  (${v.usedBy})` : "";
      lines.push(
        `  ${v.name.padEnd(width)}  ${(v.role ?? "data").padEnd(6)}  ${v.kind.padEnd(5)}  ${v.path}  ${v.sizeBytes} bytes (${formatByteSize(v.sizeBytes)})${use}`,
      );
    }
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

export function runDgRemote(host: string, argv: string[]): Promise<number> {
  return runConsoleCommand("pitcrew dg", USAGE, async (client) => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { "clear-lock": { type: "boolean", short: "C" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return;
    }
    const [command, ...operands] = positionals;
    const clearLock = values["clear-lock"] ?? false;
    if (clearLock && command !== "import") throw new CommandUsageError("-C is only valid with import");
    if (command === "list") {
      if (operands.length) throw new CommandUsageError("list takes no operand");
      process.stdout.write(formatDiskGroups(await client.diskGroup.list.query({ host })));
      return;
    }
    if (!command) throw new CommandUsageError("a command is missing");
    if (operands.length !== 1) throw new CommandUsageError(`${command} takes exactly one disk group`);
    const diskGroup = operands[0]!;
    const dg = client.diskGroup;
    switch (command) {
      case "create":
        await finishJob(client, dg.create.mutate({ host, diskGroup }));
        return;
      case "deport":
        await finishJob(client, dg.deport.mutate({ host, diskGroup }));
        return;
      case "import": {
        const job = await finishJob(client, dg.import.mutate({ host, diskGroup, clearLock }));
        const warning = job.result?.warning;
        if (typeof warning === "string" && warning) process.stderr.write(`pitcrew dg: warning: ${warning}\n`);
        return;
      }
      case "startall":
        await finishJob(client, dg.startAll.mutate({ host, diskGroup }));
        return;
      case "stopall":
        await finishJob(client, dg.stopAll.mutate({ host, diskGroup }));
        return;
      default:
        throw new CommandUsageError(`unknown command '${command}'`);
    }
  });
}
