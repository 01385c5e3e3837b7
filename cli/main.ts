// The `pitcrew` command line: dispatches to a command and sets the exit status.
import os from "node:os";
import { runAgent } from "./commands/agent";
import { runBitmapSize } from "./commands/bitmap-size";
import { runDgLocal } from "./commands/dg-local";
import { runSvadmLocal } from "./commands/svadm-local";
import { runLocalIiadm } from "./iiadm/run-local-iiadm";

const USAGE = `usage:
  pitcrew iiadm --local [--state-dir DIR] [--host NAME] <iiadm options>   Instant Image on this host (iiadm -h for options)
  pitcrew bitmap-size SIZE…                                 minimum bitmap volume for a master size (e.g. 100G)
  pitcrew dg --local [--host H] [--roots DIR,…] COMMAND     disk groups: list, create, deport, import, startall… (dg -h)
  pitcrew svadm --local [--state-dir DIR] [-e|-d] [vol…]    volumes under sv: list, enable, disable
  pitcrew agent --config FILE                               run the host agent (the daemon on every host)
`;

const DEFAULT_STATE_DIR = process.env.PITCREW_STATE_DIR ?? "/var/lib/pitcrew";

async function iiadm(args: string[]): Promise<number> {
  let local = false;
  let stateDir = DEFAULT_STATE_DIR;
  // Whose disk groups count as "ours" when a volume lies in one (default: this machine's name).
  let hostName = os.hostname();
  while (args[0]?.startsWith("--")) {
    const arg = args.shift()!;
    if (arg === "--local") local = true;
    else if (arg === "--state-dir" && args.length) stateDir = args.shift()!;
    else if (arg.startsWith("--state-dir=")) stateDir = arg.slice("--state-dir=".length);
    else if (arg === "--host" && args.length) hostName = args.shift()!;
    else if (arg === "--copy-worker") {
      args.unshift(arg);
      break;
    } else {
      process.stderr.write(`pitcrew iiadm: unknown option ${arg}\n${USAGE}`);
      return 1;
    }
  }
  if (!local) {
    process.stderr.write("pitcrew iiadm: only --local is available yet (console mode, -H HOST, arrives with the agents)\n");
    return 1;
  }
  return runLocalIiadm(args, stateDir, hostName);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "iiadm": return iiadm(rest);
    case "bitmap-size": return runBitmapSize(rest);
    case "dg": return runDgLocal(rest);
    case "svadm": return runSvadmLocal(rest);
    case "agent": return runAgent(rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`pitcrew: unknown command '${command}'\n${USAGE}`);
      return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
