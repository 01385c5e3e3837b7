// The config file of a local demo agent (agent/config.ts's schema), and where each agent keeps its
// files: `<dataDir>/agents/<host>/` holds config.json, agent.log and state/ (its set
// configuration and its credential). Shared by `npm start` and the tests that start real agents.
import { chmod, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseConfig } from "@/agent/config";

export interface LocalAgentPaths {
  dir: string;
  configFile: string;
  logFile: string;
  stateDir: string;
  credentialFile: string;
}

export function localAgentPaths(dataDir: string, hostName: string): LocalAgentPaths {
  const dir = path.resolve(dataDir, "agents", hostName);
  const stateDir = path.join(dir, "state");
  return {
    dir,
    configFile: path.join(dir, "config.json"),
    logFile: path.join(dir, "agent.log"),
    stateDir,
    credentialFile: path.join(stateDir, "agent-credential"),
  };
}

export interface LocalAgentConfigInput {
  dataDir: string;
  hostName: string;
  consoleUrl: string;
  diskGroupRoots: string[];
  /** Needed only until the agent has stored its credential (first start). */
  enrolmentToken?: string | null;
  /** Named hooks; default the demo's quiesce/resume pair (DEMO_HOOKS). */
  hooks?: Record<string, { argv: string[]; timeoutSeconds: number }>;
  /** Where archive.create may write; default `<dataDir>/archives`. */
  archiveRoots?: string[];
  /** Tape drives archive.tape may write; the demo has none. */
  tapeDevices?: string[];
  freezeBudgetSeconds?: number;
}

/**
 * The demo's hooks, named as a runbook names them (examples/lan-free-demo.yaml). The demo SAN has
 * no application to freeze: the quiesce flushes the page cache, the resume has nothing to undo.
 * A real host names its own (fsfreeze -f / -u, a database's backup mode, …).
 */
export const DEMO_HOOKS = {
  "demo-quiesce": { argv: ["sync"], timeoutSeconds: 30 },
  "demo-resume": { argv: ["true"], timeoutSeconds: 10 },
};

/**
 * Writes the config (rewritten at every start, so a changed port reaches the agent) and returns
 * the paths. Give an enrolment token only when the console refuses the stored credential. It goes through the agent's own parser first: a bad config fails here, naming the
 * field, rather than in an agent whose output goes to a log file.
 */
export async function writeLocalAgentConfig(input: LocalAgentConfigInput): Promise<LocalAgentPaths> {
  const paths = localAgentPaths(input.dataDir, input.hostName);
  const config = {
    consoleUrl: input.consoleUrl,
    hostName: input.hostName,
    ...(input.enrolmentToken ? { enrolmentToken: input.enrolmentToken } : {}),
    credentialFile: paths.credentialFile,
    stateDir: paths.stateDir,
    diskGroupRoots: input.diskGroupRoots.map((r) => path.resolve(r)),
    hooks: input.hooks ?? DEMO_HOOKS,
    archiveRoots: (input.archiveRoots ?? [path.join(input.dataDir, "archives")]).map((r) => path.resolve(r)),
    tapeDevices: input.tapeDevices ?? [],
    freezeBudgetSeconds: input.freezeBudgetSeconds ?? 60,
  };
  parseConfig(config, `agent ${input.hostName} config`);
  await mkdir(paths.stateDir, { recursive: true, mode: 0o700 });
  for (const root of config.archiveRoots) await mkdir(root, { recursive: true });
  // The agent prefers a stored credential to a token. A new token means the console no longer
  // accepts the stored one (another database, a revoked host), so it must go for the agent to enrol.
  if (input.enrolmentToken) await rm(paths.credentialFile, { force: true });
  // 0600: the enrolment token is a secret until it is used.
  await writeFile(paths.configFile, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(paths.configFile, 0o600);
  return paths;
}
