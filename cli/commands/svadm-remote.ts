// `pitcrew svadm -H HOST`: volumes under sv on a host, through the console. Exit statuses as
// every console command (cli/console/run-console-command.ts): 1 refused by the console, 2 usage
// or a job that did not succeed on the host.
import { parseArgs } from "node:util";
import { CommandUsageError, finishJob, runConsoleCommand } from "@/cli/console/run-console-command";

const USAGE = `usage: pitcrew svadm -H HOST [-i]        list the volumes under sv
       pitcrew svadm -H HOST -e|-d vol…   put volumes under sv / take them out (dg/vol or paths)
Console and token: PITCREW_URL, PITCREW_TOKEN.
`;

export function runSvadmRemote(host: string, argv: string[]): Promise<number> {
  return runConsoleCommand("svadm", USAGE, async (client) => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        enable: { type: "boolean", short: "e" },
        disable: { type: "boolean", short: "d" },
        info: { type: "boolean", short: "i" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return;
    }
    if (values.enable && values.disable) throw new CommandUsageError("-d and -e are mutually exclusive");
    const change = values.enable || values.disable;
    if (values.info && change) throw new CommandUsageError("-i is only valid when listing");
    if (change && !positionals.length) throw new CommandUsageError(`-${values.enable ? "e" : "d"} needs a volume`);
    if (!change && positionals.length) throw new CommandUsageError("a volume operand needs -e or -d");
    if (!change) {
      const suffix = values.info ? " [local to node]" : "";
      for (const p of await client.sv.list.query({ host })) process.stdout.write(`${p}${suffix}\n`);
      return;
    }
    const mutation = values.enable ? client.sv.enable : client.sv.disable;
    await finishJob(client, mutation.mutate({ host, volumes: positionals }));
  });
}
