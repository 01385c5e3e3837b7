// The `pitcrew` command line: dispatches to a command and sets the exit status.
import os from "node:os";
import { stateDirFrom } from "./defaults";
// Each command imports its own code when it runs: a copy costs three short-lived processes
// (start, worker, -w), and loading the console client's schemas (zod, yaml) into each of them
// cost more start-up time than the local iiadm code itself.

const USAGE = `usage:
  pitcrew iiadm -H HOST <iiadm options>                     Instant Image on HOST through the console (iiadm -h for options)
  pitcrew svadm -H HOST [-e|-d] [vol…]                      volumes under sv on HOST
  pitcrew dg -H HOST list|create|deport|import [-C]|startall|stopall DG   disk groups as HOST sees them
  pitcrew vol -H HOST create DG/NAME SIZE                   a volume in a disk group
  pitcrew runbook apply FILE|list|delete NAME|run NAME [--wait]|resume RUN [--wait]|status RUN|cancel RUN|approve RUN|rejoin RUN
                                                            LAN-free backup runbooks (runbook -h)
    (console mode: PITCREW_URL is the console's address, PITCREW_TOKEN your personal API token;
     volumes are dg/vol names or paths on the host)
  pitcrew iiadm --local [--state-dir DIR] [--host NAME] <iiadm options>   Instant Image on this host, without a console
  pitcrew bitmap-size SIZE…                                 minimum bitmap volume for a master size (e.g. 100G)
  pitcrew dg --local [--host H] [--roots DIR,…] COMMAND     disk groups: list, create, deport, import, startall… (dg -h)
  pitcrew svadm --local [--state-dir DIR] [-e|-d] [vol…]    volumes under sv: list, enable, disable
  pitcrew agent --config FILE                               run the host agent (the daemon on every host)
`;

/** `-H HOST` (or -HHOST) in front of a command's own options: the console mode. */
function takeConsoleHost(args: string[]): string | null {
  if (args[0] === "-H") {
    args.shift();
    return args.shift() ?? "";
  }
  if (args[0]?.startsWith("-H")) return args.shift()!.slice(2);
  return null;
}

async function inConsoleMode(
  command: string,
  args: string[],
  run: (host: string, args: string[]) => Promise<number>,
): Promise<number | null> {
  const host = takeConsoleHost(args);
  if (host === null) return null;
  if (!host) {
    process.stderr.write(`pitcrew ${command}: -H needs a host name\n`);
    return command === "iiadm" ? 1 : 2;
  }
  return run(host, args);
}

async function iiadm(args: string[]): Promise<number> {
  const remote = await inConsoleMode("iiadm", args, async (host, rest) => {
    const { ConsoleSettingsError, consoleSettingsFromEnv } = await import("./console/console-client");
    const { runRemoteIiadm } = await import("./iiadm/run-remote-iiadm");
    try {
      return await runRemoteIiadm(rest, host, consoleSettingsFromEnv());
    } catch (err) {
      if (!(err instanceof ConsoleSettingsError)) throw err;
      process.stderr.write(`iiadm: ${err.message}\n`);
      return 1;
    }
  });
  if (remote !== null) return remote;
  let local = false;
  let stateDir = stateDirFrom(undefined);
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
    process.stderr.write(
      "pitcrew iiadm: name a host with -H HOST (through the console), or use --local for this machine\n",
    );
    return 1;
  }
  const { runLocalIiadm } = await import("./iiadm/run-local-iiadm");
  return runLocalIiadm(args, stateDir, hostName);
}

function usageError(message: string): number {
  process.stderr.write(`pitcrew: ${message}\n${USAGE}`);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "iiadm":
      return iiadm(rest);
    case "bitmap-size":
      return (await import("./commands/bitmap-size")).runBitmapSize(rest);
    case "dg":
      return (
        (await inConsoleMode("dg", rest, async (h, a) => (await import("./commands/dg-remote")).runDgRemote(h, a))) ??
        (await import("./commands/dg-local")).runDgLocal(rest)
      );
    case "vol":
      return (
        (await inConsoleMode("vol", rest, async (h, a) =>
          (await import("./commands/vol-remote")).runVolRemote(h, a),
        )) ?? usageError("vol needs -H HOST (pitcrew dg --local vol-create works without a console)")
      );
    case "svadm":
      return (
        (await inConsoleMode("svadm", rest, async (h, a) =>
          (await import("./commands/svadm-remote")).runSvadmRemote(h, a),
        )) ?? (await import("./commands/svadm-local")).runSvadmLocal(rest)
      );
    case "runbook":
      return (await import("./commands/runbook")).runRunbook(rest);
    case "agent":
      return (await import("./commands/agent")).runAgent(rest);
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
