// Command-line grammar of `iiadm` (docs/instant-image.md §1.1 parsing model, §1.2 actions and
// argument-count errors, §1.3 exit statuses, §9 messages). Pure: argv in, request or
// IiadmUsageError out; nothing here touches the engine.
//
// iiadm parses with POSIX getopt and two option strings: the single-mode string until `-g`
// is seen, the group-mode string afterwards. That switch makes `-g NAME` order-sensitive and
// turns `-d vol` into a bare `-d` in group mode, so it is reproduced literally. Errors come
// in iiadm's order: bad -e/-c/-u argument or group name (while scanning), then -h, unknown
// options, action count, group compatibility, -C, and last the operand counts.
//
// Deliberate differences, all stricter than iiadm: operands it would silently ignore
// (`-d s1 s2`, `-l x`, `-g G -u s vol`) and a set name that a later `-g` would silently
// discard (`-d vol -g G` acts on group G in iiadm) are usage errors here.
//
// pitcrew's one option of its own: `-X scan|auto` with -e picks the consistency mode
// (docs/consistency-modes.md). X because iiadm uses neither x nor X (debug builds add only -b
// and -f), and the tests keep -x as the example of an illegal option.

import { IIADM_USAGE_TEXT } from "@/cli/iiadm/iiadm-usage";
import { getopt, optionTable } from "@/cli/iiadm/posix-getopt";

const SINGLE_TABLE = optionTable("a:c:d:e:g:hilmnpu:vw:A:C:D:E:I:J:LO:PQ:R:X:");
const GROUP_TABLE = optionTable("ac:de:ilmnpu:wA:C:DELPRX:");

export interface IiadmModifiers {
  /** -n: no confirmation prompt (also: exportable enable, forced PID unlock with -p -w). */
  noPrompt: boolean;
  /** -p: PID lock with -c/-u, unlock with -w. */
  pidLock: boolean;
}

/** Which sets an action applies to. `group: ""` means every set that is in no group. */
export type IiadmTarget = { kind: "sets"; sets: string[] } | { kind: "group"; group: string } | { kind: "all" };
export type IiadmSetOrGroup = Exclude<IiadmTarget, { kind: "all" }>;
export type CopyDirection = "s" | "m";

export type IiadmRequest = { modifiers: IiadmModifiers } &
  /** `group: ""` lists the sets that are in no group; null lists every set. */
  (| { action: "list"; group: string | null }
    | { action: "listGroups" }
    | { action: "listOverflow" }
    | { action: "version" }
    | { action: "help" }
    | {
        action: "enable";
        type: "ind" | "dep";
        master: string;
        shadow: string;
        bitmap: string;
        group: string | null;
        exportable: boolean;
        /** -X: "scan" asks for scan mode; "auto" (the default) takes instant where the volumes allow it. */
        consistency: "auto" | "scan";
      }
    | { action: "disable"; target: IiadmSetOrGroup }
    | { action: "update"; direction: CopyDirection; target: IiadmSetOrGroup }
    | { action: "copy"; direction: CopyDirection; target: IiadmSetOrGroup }
    | { action: "status"; target: IiadmTarget }
    | { action: "wait"; target: IiadmTarget }
    | { action: "abort"; target: IiadmSetOrGroup }
    | { action: "export"; target: IiadmSetOrGroup }
    | { action: "reset"; target: IiadmSetOrGroup }
    /** delay and unit both null: get the parameters. Ranges are the engine's to check. */
    | { action: "params"; target: IiadmSetOrGroup; delay: number | null; unit: number | null }
    | { action: "import"; shadow: string; bitmap: string }
    | { action: "join"; shadow: string; bitmap: string }
    /** `group: ""` removes the sets from their group. */
    | { action: "move"; group: string; sets: string[] }
    | { action: "attachOverflow"; overflow: string; target: IiadmSetOrGroup }
    | { action: "detachOverflow"; target: IiadmSetOrGroup }
    | { action: "initOverflow"; overflow: string }
    | { action: "overflowStatus"; overflow: string }
  );

/**
 * exitCode 1 is iiadm's usage(): print `iiadm: <message>` and then iiadmUsage() to stderr.
 * exitCode 2 is iiadm's dsw_error(): print `iiadm: <message>:` with no usage summary.
 * `notes` are getopt's own complaints ("illegal option -- x"), printed before the message.
 */
export class IiadmUsageError extends Error {
  override readonly name = "IiadmUsageError";
  readonly exitCode: 1 | 2;
  readonly notes: readonly string[];

  constructor(message: string, exitCode: 1 | 2 = 1, notes: readonly string[] = []) {
    super(message);
    this.exitCode = exitCode;
    this.notes = notes;
  }
}

/** The `iiadm -h` text; also printed to stderr after a usage error. */
export function iiadmUsage(): string {
  return IIADM_USAGE_TEXT;
}

function usageError(message: string): never {
  throw new IiadmUsageError(message);
}

// Actions whose single-mode option argument is the set name; in group mode they take none.
const SET_ARG_ACTIONS = new Set(["a", "d", "w", "E", "R", "D"]);

/** What the getopt pass collected. `action` is the last action letter seen ("gL" = `-g -L`). */
interface Scan {
  actions: number;
  action: string | null;
  actionArg: string;
  /** A set-name option argument came before `-g`, which would make iiadm ignore it. */
  setArgBeforeGroup: boolean;
  help: boolean;
  group: string | null;
  clusterTag: string | null;
  direction: CopyDirection;
  enableType: "ind" | "dep";
  /** -X, or null when not given. */
  consistency: "auto" | "scan" | null;
  modifiers: IiadmModifiers;
}

/** One option from getopt, with the errors iiadm raises on the spot. */
function applyOption(scan: Scan, letter: string, arg: string | null): void {
  const countAction = (name: string) => {
    scan.actions++;
    scan.action = name;
    scan.actionArg = arg ?? "";
    scan.setArgBeforeGroup = false;
  };
  switch (letter) {
    case "n":
      scan.modifiers.noPrompt = true;
      return;
    case "p":
      scan.modifiers.pidLock = true;
      return;
    case "X":
      if (arg !== "scan" && arg !== "auto") usageError("must specify scan or auto with -X");
      scan.consistency = arg;
      return;
    case "C":
      // `-C -L` (list cluster tags) is an action, but -C is refused outside a cluster anyway.
      scan.clusterTag = arg;
      if (arg === "-L") countAction("CL");
      return;
    case "g": {
      const name = arg ?? "";
      scan.group = name;
      if (name === "-L") countAction("gL");
      else if (name.startsWith("-")) throw new IiadmUsageError("group name cannot start with a '-'", 2);
      if (/[ \t\n\v\f\r]/.test(name)) throw new IiadmUsageError("group name cannot contain a space", 2);
      if (scan.action !== null && SET_ARG_ACTIONS.has(scan.action)) scan.setArgBeforeGroup = true;
      return;
    }
    case "h":
      scan.help = true;
      scan.actions++;
      return;
    case "e":
      if (arg !== "ind" && arg !== "dep") usageError("must specify ind or dep with -e");
      scan.enableType = arg;
      countAction(letter);
      return;
    case "c":
    case "u":
      if (arg !== "s" && arg !== "m") usageError(`must specify m or s with -${letter}`);
      scan.direction = arg;
      countAction(letter);
      return;
    case "L":
      countAction(letter);
      // iiadm counts `-g G -L` twice on purpose, forcing "too many action flags".
      if (scan.group !== null) scan.actions++;
      return;
    default:
      countAction(letter);
  }
}

/** iiadm's convert_int: sscanf("%d%s") must match exactly one item; failure exits 2. */
function parseNumber(text: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new IiadmUsageError(`'${text}' is not a valid number`, 2);
  return Number.parseInt(text, 10);
}

/** Parses the arguments after `iiadm` (pitcrew's own options already removed). */
export function parseIiadmArgs(argv: string[]): IiadmRequest {
  const scan: Scan = {
    actions: 0,
    action: null,
    actionArg: "",
    setArgBeforeGroup: false,
    help: false,
    group: null,
    clusterTag: null,
    direction: "s",
    enableType: "ind",
    consistency: null,
    modifiers: { noPrompt: false, pidLock: false },
  };
  const { operandIndex, notes } = getopt(
    argv,
    () => (scan.group === null ? SINGLE_TABLE : GROUP_TABLE),
    (letter, arg) => applyOption(scan, letter, arg),
  );
  const operands = argv.slice(operandIndex);
  const { modifiers, group, action, actionArg: arg } = scan;

  if (scan.help) return { action: "help", modifiers };
  if (notes.length > 0) throw new IiadmUsageError("unrecognized argument", 1, notes);
  if (scan.actions === 0) {
    if (argv.length > 0) usageError("must specify an action flag");
    return { action: "list", group: null, modifiers };
  }
  if (scan.actions > 1 || action === null) usageError("too many action flags");
  if (group !== null && "IJOQ".includes(action)) usageError("can't use a group with this option");
  if (group === null && action === "m") usageError("must use a group with this option");
  if (scan.clusterTag !== null) throw new IiadmUsageError("-C is valid only in a Sun Cluster", 2);
  if (scan.setArgBeforeGroup) usageError(`-g must come before -${action}`);
  if (scan.consistency !== null && action !== "e") usageError("-X is valid only with -e");

  const noOperands = () => {
    if (operands.length !== 0) usageError("incorrect number of arguments");
  };
  const oneOperand = (message: string): string => {
    if (operands.length !== 1) usageError(message);
    return operands[0]!;
  };
  // Group mode acts on the group; single mode on the set named by the option argument.
  const setOrGroup = (): IiadmSetOrGroup => {
    noOperands();
    return group !== null ? { kind: "group", group } : { kind: "sets", sets: [arg] };
  };
  // -u/-c: single mode takes one or more trailing set names (several = one atomic call).
  const copyTarget = (): IiadmSetOrGroup => {
    if (group !== null) return setOrGroup();
    if (operands.length === 0) usageError(`must specify volume with -${action}`);
    return { kind: "sets", sets: operands };
  };

  switch (action) {
    case "e": {
      if (operands.length !== 3) usageError("must specify 3 volumes with -e");
      const [master, shadow, bitmap] = operands as [string, string, string];
      const type = scan.enableType;
      // An empty group name means "no group" (§1.2).
      const enableGroup = group === "" ? null : group;
      const exportable = modifiers.noPrompt && type === "ind";
      return {
        action: "enable",
        type,
        master,
        shadow,
        bitmap,
        group: enableGroup,
        exportable,
        consistency: scan.consistency ?? "auto",
        modifiers,
      };
    }
    case "u":
      return { action: "update", direction: scan.direction, target: copyTarget(), modifiers };
    case "c":
      return { action: "copy", direction: scan.direction, target: copyTarget(), modifiers };
    case "i": {
      // `-i` and `-i all` are the same; iiadm's `-g G -i vol` shows just that set.
      if (operands.length > 1) usageError("incorrect number of arguments");
      const name = operands[0];
      if (name !== undefined && name !== "all") {
        return { action: "status", target: { kind: "sets", sets: [name] }, modifiers };
      }
      const target: IiadmTarget = group !== null ? { kind: "group", group } : { kind: "all" };
      return { action: "status", target, modifiers };
    }
    case "l":
      noOperands();
      return { action: "list", group, modifiers };
    case "m":
      if (operands.length === 0) usageError("must specify one or more volumes");
      return { action: "move", group: group ?? "", sets: operands, modifiers };
    case "d":
      return { action: "disable", target: setOrGroup(), modifiers };
    case "w":
      // `-w all` waits for every set, as `-i all` shows every set (a name that is no volume operand).
      if (group === null && arg === "all") {
        noOperands();
        return { action: "wait", target: { kind: "all" }, modifiers };
      }
      return { action: "wait", target: setOrGroup(), modifiers };
    case "a":
      return { action: "abort", target: setOrGroup(), modifiers };
    case "E":
      return { action: "export", target: setOrGroup(), modifiers };
    case "R":
      return { action: "reset", target: setOrGroup(), modifiers };
    case "D":
      return { action: "detachOverflow", target: setOrGroup(), modifiers };
    case "I":
      return { action: "import", shadow: arg, bitmap: oneOperand("must specify 2 volumes with -I"), modifiers };
    case "J":
      return { action: "join", shadow: arg, bitmap: oneOperand("must specify 2 volumes with -J"), modifiers };
    case "A": {
      if (group !== null) {
        if (operands.length !== 0) usageError("must specify overflow volume when using groups with -A");
        return { action: "attachOverflow", overflow: arg, target: { kind: "group", group }, modifiers };
      }
      const set = oneOperand("specify 2 volumes with -A");
      return { action: "attachOverflow", overflow: arg, target: { kind: "sets", sets: [set] }, modifiers };
    }
    case "P": {
      // Single mode: `-P set` (get) or `-P delay unit set`; group mode has no set name.
      const base = group !== null ? 0 : 1;
      if (operands.length !== base && operands.length !== base + 2) {
        usageError("must specify delay, unit and shadow with -P");
      }
      const target: IiadmSetOrGroup =
        group !== null ? { kind: "group", group } : { kind: "sets", sets: [operands.at(-1)!] };
      if (operands.length === base) return { action: "params", target, delay: null, unit: null, modifiers };
      const delay = parseNumber(operands[0]!);
      const unit = parseNumber(operands[1]!);
      return { action: "params", target, delay, unit, modifiers };
    }
    case "O":
      noOperands();
      return { action: "initOverflow", overflow: arg, modifiers };
    case "Q":
      noOperands();
      return { action: "overflowStatus", overflow: arg, modifiers };
    case "L":
      noOperands();
      return { action: "listOverflow", modifiers };
    case "gL":
      noOperands();
      return { action: "listGroups", modifiers };
    case "v":
      noOperands();
      return { action: "version", modifiers };
    default:
      // Unreachable: every action letter of both option strings is handled above.
      throw new Error(`unhandled iiadm action -${action}`);
  }
}
