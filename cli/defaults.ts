// The CLI's defaults, in one place: where local mode keeps its state, where `dg --local` looks for
// disk groups, and the console address its messages suggest. No imports: every command loads it,
// and a copy's short-lived processes should not pay for more (cli/main.ts).

/** Local mode's state (sets, sv config, disk-group locks) unless --state-dir or $PITCREW_STATE_DIR. */
export const DEFAULT_STATE_DIR = "/var/lib/pitcrew";

/** The address `npm start` serves the console on (scripts/start.ts), for the PITCREW_URL hint. */
export const EXAMPLE_CONSOLE_URL = "http://127.0.0.1:3000";

type Env = Record<string, string | undefined>;

/** --state-dir, else $PITCREW_STATE_DIR, else DEFAULT_STATE_DIR. */
export function stateDirFrom(option: string | undefined, env: Env = process.env): string {
  return option ?? env.PITCREW_STATE_DIR ?? DEFAULT_STATE_DIR;
}

/** --roots, else $PITCREW_DG_ROOTS: comma-separated directories; none by default. */
export function diskGroupRootsFrom(option: string | undefined, env: Env = process.env): string[] {
  return (option ?? env.PITCREW_DG_ROOTS ?? "").split(",").filter(Boolean);
}
