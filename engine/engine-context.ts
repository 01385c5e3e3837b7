// What every engine operation needs to know about its host. The agent and `iiadm --local`
// differ only in how copies run (in-process vs a detached worker, like iiadm's fork) and in
// where an exported shadow's digests travel (a disk group's folder when the agent knows one).
import type { ConfigStore } from "./config-store";
import type { VolumeInfo } from "./volume";

export interface CopyLauncher {
  /** Starts the copy of each set, whose header already carries P; resolves once started. */
  start(setIds: string[]): Promise<void>;
}

export interface EngineContext {
  stateDir: string;
  config: ConfigStore;
  launcher: CopyLauncher;
  /** Folder that travels with a shadow (its disk group); null when none is known. */
  travelDirFor?: (shadow: VolumeInfo) => string | null;
  /**
   * This host's name as disk groups record their owner (docs/architecture.md §2). When set, volumes in a
   * disk group imported by another host are refused; when absent, only deported or stopped
   * groups are.
   */
  hostName?: string;
  /** Warnings for the operator (printed by the CLI, sent as job events by the agent). */
  warn: (message: string) => void;
}
