// The set configuration, like AVS's dscfg (docs/instant-image.md §4.2, §7.2): one
// JSON file in the state dir, changed only under a lock and replaced atomically (write, fsync,
// rename), so two iiadm invocations at once, or a crash mid-write, never corrupt it.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import lockfile from "proper-lockfile";
import { EngineError } from "./engine-error";
import { writeJsonDurably } from "./write-json-durably";

export interface SetRecord {
  /** Stable id, used for the set's files in the state dir. */
  id: string;
  master: string;
  shadow: string;
  bitmap: string;
  mode: "I" | "D";
  group: string;
  clusterTag: string;
  overflow: string;
  /** Imported shadow (§3.6): no master on this host. */
  imported: boolean;
  throttle: { unit: number; delay: number };
  /** PID lock owner (§6.2), 0 when unlocked. */
  lockPid: number;
  /** The operator asked for scan mode (docs/consistency-modes.md); absent means "auto". */
  consistency?: "auto" | "scan";
}

export interface EngineConfig {
  version: 1;
  sets: SetRecord[];
  /** Per-volume users ("ii", "sv"), as the dsvol section counts them (§7.2). */
  volumeUsers: Record<string, string[]>;
}

const EMPTY: EngineConfig = { version: 1, sets: [], volumeUsers: {} };

// A stale lock (holder killed) is broken after this long; holders refresh it while alive, so
// only a dead holder's lock gets that old.
const LOCK_STALE_MS = 10_000;

export class ConfigStore {
  readonly file: string;

  constructor(readonly stateDir: string) {
    this.file = path.join(stateDir, "config.json");
  }

  async read(): Promise<EngineConfig> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return structuredClone(EMPTY);
      throw new EngineError("DSW_ECONFIG", `cannot read configuration ${this.file}: ${(err as Error).message}`);
    }
    try {
      const parsed = JSON.parse(text) as EngineConfig;
      if (parsed.version !== 1 || !Array.isArray(parsed.sets)) throw new Error("unknown format");
      return parsed;
    } catch (err) {
      throw new EngineError("DSW_ECONFIG", `configuration ${this.file} is damaged: ${(err as Error).message}`);
    }
  }

  /**
   * Runs `fn` with the configuration locked; what it leaves in `config` is committed. Actions
   * passed to `afterCommit` run once the new configuration is on disk, still under the lock:
   * a copy must not start before its set is in the configuration, nor after another command
   * could see the set without its copy.
   */
  async update<T>(
    fn: (config: EngineConfig, afterCommit: (action: () => Promise<void>) => void) => Promise<T> | T,
  ): Promise<T> {
    return this.withLock(async () => {
      const config = await this.read();
      const before = JSON.stringify(config);
      const actions: (() => Promise<void>)[] = [];
      const result = await fn(config, (action) => actions.push(action));
      if (JSON.stringify(config) !== before) await this.write(config);
      for (const action of actions) await action();
      return result;
    });
  }

  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    await mkdir(this.stateDir, { recursive: true });
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.stateDir, {
        lockfilePath: path.join(this.stateDir, "config.lock"),
        stale: LOCK_STALE_MS,
        retries: { retries: 600, minTimeout: 20, maxTimeout: 100 },
      });
    } catch (err) {
      throw new EngineError("DSW_ECONFIG", `cannot lock configuration in ${this.stateDir}: ${(err as Error).message}`);
    }
    try {
      return await fn();
    } finally {
      await release().catch(() => {});
    }
  }

  private async write(config: EngineConfig): Promise<void> {
    await writeJsonDurably(this.file, config);
  }
}

export function addVolumeUser(config: EngineConfig, volume: string, user: string): void {
  const users = config.volumeUsers[volume] ?? [];
  if (!users.includes(user)) users.push(user);
  config.volumeUsers[volume] = users;
}

export function removeVolumeUser(config: EngineConfig, volume: string, user: string): void {
  const users = (config.volumeUsers[volume] ?? []).filter((u) => u !== user);
  if (users.length) config.volumeUsers[volume] = users;
  else delete config.volumeUsers[volume];
}
