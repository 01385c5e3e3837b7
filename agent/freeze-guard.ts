// The agent's own safety net for a quiesced application (issue 6): after a quiesce hook succeeds
// the guard is armed with the resume hook; if the resume does not come within the freeze budget,
// or the agent loses the console while frozen, the agent runs the resume hook itself and says so.
// An application must never stay frozen because a console or a network went away, nor because the
// agent process died: the freeze is also written to a file, and a new agent process thaws first.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface FreezeState {
  resumeHook: string;
  since: number;
}

export interface AutoThaw {
  resumeHook: string;
  frozenMs: number;
  reason: string;
  /** null when the resume hook succeeded; its error otherwise. */
  error: string | null;
}

export class FreezeGuard {
  private frozen: (FreezeState & { timer: NodeJS.Timeout }) | null = null;
  /** The agent's last automatic thaw, for its inventory and log, until a new quiesce. */
  lastAutoThaw: AutoThaw | null = null;

  constructor(
    private readonly thaw: (resumeHook: string) => Promise<void>,
    private readonly log: (line: string) => void,
    /** Where the freeze is recorded while it lasts (the agent's state dir); none in unit tests. */
    private readonly stateFile: string | null = null,
  ) {}

  /** At agent start: thaws an application that an earlier agent process quiesced and never resumed. */
  async recoverAfterRestart(now = Date.now()): Promise<AutoThaw | null> {
    if (!this.stateFile) return null;
    let left: FreezeState;
    try {
      left = JSON.parse(readFileSync(this.stateFile, "utf8")) as FreezeState;
    } catch {
      return null; // no freeze recorded (or a torn write of one: nothing to thaw with)
    }
    this.frozen = { ...left, timer: setTimeout(() => undefined, 0) };
    return this.autoThaw(
      `the previous agent process stopped while the application was quiesced (since ${new Date(left.since).toISOString()})`,
      now,
    );
  }

  get state(): FreezeState | null {
    return this.frozen && { resumeHook: this.frozen.resumeHook, since: this.frozen.since };
  }

  arm(resumeHook: string, budgetMs: number, now = Date.now()): void {
    this.disarm();
    this.lastAutoThaw = null;
    const timer = setTimeout(() => void this.autoThaw(`the freeze budget of ${budgetMs / 1000} s ran out`), budgetMs);
    timer.unref();
    this.frozen = { resumeHook, since: now, timer };
    if (this.stateFile) mkdirSync(path.dirname(this.stateFile), { recursive: true });
    if (this.stateFile)
      writeFileSync(this.stateFile, JSON.stringify({ resumeHook, since: now } satisfies FreezeState), { mode: 0o600 });
  }

  /** The resume came: returns how long the application was frozen, or null if it was not. */
  disarm(now = Date.now()): number | null {
    if (!this.frozen) return null;
    clearTimeout(this.frozen.timer);
    const frozenMs = now - this.frozen.since;
    this.frozen = null;
    if (this.stateFile) rmSync(this.stateFile, { force: true });
    return frozenMs;
  }

  /** Thaws now if frozen (the console is unreachable, the agent is stopping). */
  async autoThaw(reason: string, now = Date.now()): Promise<AutoThaw | null> {
    const frozen = this.frozen;
    if (!frozen) return null;
    const frozenMs = this.disarm(now) ?? 0;
    let error: string | null = null;
    try {
      await this.thaw(frozen.resumeHook);
    } catch (err) {
      error = (err as Error).message;
    }
    this.lastAutoThaw = { resumeHook: frozen.resumeHook, frozenMs, reason, error };
    this.log(
      `thawed by the agent: ${reason}; ran hook ${frozen.resumeHook} after ${(frozenMs / 1000).toFixed(1)} s frozen${error ? `, and it failed: ${error}` : ""}`,
    );
    return this.lastAutoThaw;
  }
}
