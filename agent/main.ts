// The agent's entry (`pitcrew agent --config FILE`): loads and checks the config (exit 2 naming
// every bad field), connects to the console and runs until SIGTERM/SIGINT; the first signal
// lets the current job finish, a second one cancels it.
import { parseArgs } from "node:util";
import { Agent } from "./agent-loop";
import { createApiClient } from "./api-client";
import { ConfigError, loadConfig } from "./config";

const USAGE = "usage: pitcrew agent --config FILE\n";

export async function main(argv: string[]): Promise<number> {
  let file: string | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { config: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    file = values.config;
  } catch (err) {
    process.stderr.write(`pitcrew agent: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!file) {
    process.stderr.write(`pitcrew agent: --config is required\n${USAGE}`);
    return 2;
  }
  let agent: Agent;
  try {
    const config = await loadConfig(file);
    agent = new Agent({ config, api: createApiClient({ consoleUrl: config.consoleUrl }) });
  } catch (err) {
    process.stderr.write(`pitcrew agent: ${(err as Error).message}\n`);
    return err instanceof ConfigError ? 2 : 1;
  }
  const onSignal = () => agent.stop();
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  try {
    await agent.run();
    return 0;
  } catch (err) {
    process.stderr.write(`pitcrew agent: ${(err as Error).message}\n`);
    return 1;
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  }
}
