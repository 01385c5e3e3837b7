// One agent process per host. The agent's state dir is the truth about its host (the sets, the
// copies it resumes, the freeze guard); two processes working on it at once fight over it: when
// a service manager started a second agent beside a hung one, the console took the second's
// first heartbeat as a restart, marked the first's running update interrupted, the first lost
// its lease and stopped in the middle of its scan, and the second had nothing to resume. So the
// second process is refused, naming the first, and the first goes on undisturbed: stopping the
// first is the operator's (or the service manager's) decision, made with the pid in hand.
//
// The lock is a file naming the owner's pid and the kernel's start time of that pid, so a pid
// recycled after a crash is not mistaken for a live agent (the same proof the copy runs use).
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import lockfile from "proper-lockfile";
import { processStartTime } from "@/engine/state-files";

export interface AgentLockOwner {
  pid: number;
  startTime: string;
  hostName: string;
  startedAt: string;
}

export class AgentAlreadyRunning extends Error {
  constructor(
    readonly owner: AgentLockOwner,
    lockFile: string,
  ) {
    super(
      `another pitcrew agent for host ${owner.hostName} is running (pid ${owner.pid}, started ${owner.startedAt}) ` +
        `on the state dir ${path.dirname(lockFile)}: one agent per host; stop that one first (its lock: ${lockFile})`,
    );
    this.name = "AgentAlreadyRunning";
  }
}

export const agentLockFile = (stateDir: string) => path.join(stateDir, "agent.pid");

async function readOwner(file: string): Promise<AgentLockOwner | null> {
  return readFile(file, "utf8")
    .then((t) => JSON.parse(t) as AgentLockOwner)
    .catch(() => null);
}

async function isAlive(owner: AgentLockOwner): Promise<boolean> {
  return owner.pid !== process.pid && (await processStartTime(owner.pid)) === owner.startTime;
}

/** Takes the host's agent lock for this process, or throws AgentAlreadyRunning; returns the release. */
export async function acquireAgentLock(stateDir: string, hostName: string): Promise<() => Promise<void>> {
  const file = agentLockFile(stateDir);
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const me: AgentLockOwner = {
    pid: process.pid,
    startTime: (await processStartTime(process.pid)) ?? "",
    hostName,
    startedAt: new Date().toISOString(),
  };
  // Check and claim under a short lock, so two agents starting at once cannot both find the
  // file stale and both take it.
  const unlock = await lockfile.lock(stateDir, {
    lockfilePath: `${file}.lock`,
    realpath: false,
    stale: 10_000,
    retries: { retries: 20, minTimeout: 50, maxTimeout: 500 },
  });
  try {
    const owner = await readOwner(file);
    if (owner && (await isAlive(owner))) throw new AgentAlreadyRunning(owner, file);
    const tmp = `${file}.${process.pid}`;
    await writeFile(tmp, `${JSON.stringify(me)}\n`, { mode: 0o600 });
    await rename(tmp, file);
  } finally {
    await unlock();
  }
  return async () => {
    const owner = await readOwner(file);
    if (owner?.pid === process.pid) await rm(file, { force: true });
  };
}
