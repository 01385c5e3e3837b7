import { describe, expect, it } from "vitest";

import { iiadmUsage, IiadmUsageError, parseIiadmArgs, type IiadmModifiers } from "@/cli/iiadm/parse-iiadm-args";

const plain: IiadmModifiers = { noPrompt: false, pidLock: false };
const args = (line: string): string[] => (line === "" ? [] : line.split(" "));
const parse = (line: string) => parseIiadmArgs(args(line));

function usageFailure(argv: string[]): IiadmUsageError {
  try {
    parseIiadmArgs(argv);
  } catch (error) {
    if (error instanceof IiadmUsageError) return error;
    throw error;
  }
  throw new Error(`expected a usage error for: ${argv.join(" ")}`);
}

const fails = (line: string) => usageFailure(args(line));

describe("parseIiadmArgs: single-set forms", () => {
  it("lists with no arguments at all, and with -l", () => {
    expect(parse("")).toEqual({ action: "list", group: null, modifiers: plain });
    expect(parse("-l")).toEqual({ action: "list", group: null, modifiers: plain });
  });

  it("enables ind and dep sets from exactly three operands", () => {
    expect(parse("-e ind /m /s /b")).toEqual({
      action: "enable",
      type: "ind",
      master: "/m",
      shadow: "/s",
      bitmap: "/b",
      group: null,
      exportable: false,
      consistency: "auto",
      modifiers: plain,
    });
    expect(parse("-e dep /m /s /b")).toMatchObject({ action: "enable", type: "dep", exportable: false });
  });

  it("takes -X scan|auto before the volumes of -e, in single and group mode (pitcrew's consistency mode)", () => {
    expect(parse("-X scan -e ind /m /s /b")).toMatchObject({
      action: "enable",
      type: "ind",
      master: "/m",
      consistency: "scan",
    });
    expect(parse("-e dep -X scan /m /s /b")).toMatchObject({ action: "enable", type: "dep", consistency: "scan" });
    expect(parse("-X auto -e ind /m /s /b")).toMatchObject({ consistency: "auto" });
    expect(parse("-g Backup1 -X scan -e ind /m /s /b")).toMatchObject({
      action: "enable",
      group: "Backup1",
      consistency: "scan",
    });
    expect(fails("-X fast -e ind /m /s /b").message).toBe("must specify scan or auto with -X");
    expect(fails("-X scan -u s /s").message).toBe("-X is valid only with -e");
    expect(fails("-X fast -e ind /m /s /b").exitCode).toBe(1);
    // After the volumes it is a fourth operand, as getopt stops at the first one.
    expect(fails("-e ind /m /s /b -X scan").message).toBe("must specify 3 volumes with -e");
  });

  it("marks -n -e ind as exportable, but not -n -e dep", () => {
    expect(parse("-n -e ind /m /s /b")).toMatchObject({
      exportable: true,
      modifiers: { noPrompt: true, pidLock: false },
    });
    expect(parse("-ne dep /m /s /b")).toMatchObject({ type: "dep", exportable: false });
  });

  it("takes the set of -d/-w/-a/-E/-R/-D from the option argument", () => {
    const one = { kind: "sets", sets: ["/s"] };
    expect(parse("-d /s")).toEqual({ action: "disable", target: one, modifiers: plain });
    expect(parse("-w /s")).toEqual({ action: "wait", target: one, modifiers: plain });
    expect(parse("-w all")).toEqual({ action: "wait", target: { kind: "all" }, modifiers: plain });
    expect(parse("-a /s")).toEqual({ action: "abort", target: one, modifiers: plain });
    expect(parse("-E /s")).toEqual({ action: "export", target: one, modifiers: plain });
    expect(parse("-R /s")).toEqual({ action: "reset", target: one, modifiers: plain });
    expect(parse("-D /s")).toEqual({ action: "detachOverflow", target: one, modifiers: plain });
  });

  it("updates and copies one or several sets in either direction", () => {
    expect(parse("-u s /s1")).toEqual({
      action: "update",
      direction: "s",
      target: { kind: "sets", sets: ["/s1"] },
      modifiers: plain,
    });
    expect(parse("-u m /s1 /s2")).toMatchObject({ direction: "m", target: { sets: ["/s1", "/s2"] } });
    expect(parse("-c s /s1")).toMatchObject({ action: "copy", direction: "s" });
    expect(parse("-c m /s1")).toMatchObject({ action: "copy", direction: "m" });
  });

  it("shows status of one set, or of all with no operand or `all`", () => {
    expect(parse("-i")).toEqual({ action: "status", target: { kind: "all" }, modifiers: plain });
    expect(parse("-i all")).toEqual({ action: "status", target: { kind: "all" }, modifiers: plain });
    expect(parse("-i /s")).toEqual({ action: "status", target: { kind: "sets", sets: ["/s"] }, modifiers: plain });
  });

  it("parses -I and -J (seed: `iiadm -I s b`, `iiadm -J s b`)", () => {
    expect(parse("-I /dev/vx/rdsk/backup/vol01 /dev/vx/rdsk/backup/vol01.bmp")).toEqual({
      action: "import",
      shadow: "/dev/vx/rdsk/backup/vol01",
      bitmap: "/dev/vx/rdsk/backup/vol01.bmp",
      modifiers: plain,
    });
    expect(parse("-J /s /b")).toEqual({ action: "join", shadow: "/s", bitmap: "/b", modifiers: plain });
  });

  it("gets or sets copy parameters", () => {
    expect(parse("-P /s")).toEqual({
      action: "params",
      target: { kind: "sets", sets: ["/s"] },
      delay: null,
      unit: null,
      modifiers: plain,
    });
    expect(parse("-P 5 200 /s")).toEqual({
      action: "params",
      target: { kind: "sets", sets: ["/s"] },
      delay: 5,
      unit: 200,
      modifiers: plain,
    });
    // Range checks are the engine's: the parser passes 1 and 99999 through.
    expect(parse("-P 1 99999 /s")).toMatchObject({ delay: 1, unit: 99999 });
    expect(parse("-P +7 -3 /s")).toMatchObject({ delay: 7, unit: -3 });
  });

  it("parses the overflow actions and -L, -v, -h", () => {
    expect(parse("-A /o /s")).toEqual({
      action: "attachOverflow",
      overflow: "/o",
      target: { kind: "sets", sets: ["/s"] },
      modifiers: plain,
    });
    expect(parse("-O /o")).toEqual({ action: "initOverflow", overflow: "/o", modifiers: plain });
    expect(parse("-Q /o")).toEqual({ action: "overflowStatus", overflow: "/o", modifiers: plain });
    expect(parse("-L")).toEqual({ action: "listOverflow", modifiers: plain });
    expect(parse("-v")).toEqual({ action: "version", modifiers: plain });
    expect(parse("-h")).toEqual({ action: "help", modifiers: plain });
  });

  it("returns a union that narrows on action", () => {
    const request = parse("-P 3 300 /s");
    if (request.action !== "params") throw new Error(request.action);
    expect((request.delay ?? 0) + (request.unit ?? 0)).toBe(303);
  });

  it("carries -p and -n on every request", () => {
    expect(parse("-p -u s /s")).toMatchObject({ modifiers: { noPrompt: false, pidLock: true } });
    expect(parse("-p -n -w /s")).toMatchObject({ action: "wait", modifiers: { noPrompt: true, pidLock: true } });
  });
});

describe("parseIiadmArgs: getopt details", () => {
  it("accepts clustered flags and attached option arguments", () => {
    expect(parse("-nc m /s")).toMatchObject({ action: "copy", direction: "m", modifiers: { noPrompt: true } });
    expect(parse("-pnw/s")).toMatchObject({ action: "wait", target: { sets: ["/s"] } });
    expect(parse("-d/s")).toMatchObject({ action: "disable", target: { sets: ["/s"] } });
    expect(parse("-us /s")).toMatchObject({ action: "update", direction: "s" });
    expect(parse("-eind /m /s /b")).toMatchObject({ action: "enable", type: "ind" });
  });

  it("takes the next word as the option argument even when it starts with -", () => {
    expect(parse("-d -weird")).toMatchObject({ action: "disable", target: { sets: ["-weird"] } });
  });

  it("ends options at --, and stops at the first operand", () => {
    expect(parse("-u s -- -odd")).toMatchObject({ target: { sets: ["-odd"] } });
    // `-n` after an operand is an operand, as with POSIX getopt (no permutation).
    expect(parse("-u s /s1 -n")).toMatchObject({ target: { sets: ["/s1", "-n"] }, modifiers: plain });
  });

  it("counts -- as an argument, so `iiadm --` is not the default listing", () => {
    expect(fails("--").message).toBe("must specify an action flag");
  });
});

describe("parseIiadmArgs: group mode", () => {
  const g = { kind: "group", group: "Backup1" };

  it("parses the seed's group commands", () => {
    expect(parse("-g Backup1 -e ind /m /s /b")).toEqual({
      action: "enable",
      type: "ind",
      master: "/m",
      shadow: "/s",
      bitmap: "/b",
      group: "Backup1",
      exportable: false,
      consistency: "auto",
      modifiers: plain,
    });
    expect(parse("-g Backup1 -u s")).toEqual({ action: "update", direction: "s", target: g, modifiers: plain });
    expect(parse("-g Backup1 -E")).toEqual({ action: "export", target: g, modifiers: plain });
    expect(parse("-g Backup1 -w")).toEqual({ action: "wait", target: g, modifiers: plain });
    expect(parse("-g Backup1 -m /s1 /s2")).toEqual({
      action: "move",
      group: "Backup1",
      sets: ["/s1", "/s2"],
      modifiers: plain,
    });
    expect(parse("-g Backup1 -d")).toEqual({ action: "disable", target: g, modifiers: plain });
  });

  it("takes no argument for -a -d -w -i -l -D -E -P -R, so they cluster", () => {
    expect(parse("-g Backup1 -a")).toMatchObject({ action: "abort", target: g });
    expect(parse("-g Backup1 -R")).toMatchObject({ action: "reset", target: g });
    expect(parse("-g Backup1 -D")).toMatchObject({ action: "detachOverflow", target: g });
    expect(parse("-g Backup1 -i")).toEqual({ action: "status", target: g, modifiers: plain });
    expect(parse("-g Backup1 -i all")).toMatchObject({ target: g });
    expect(parse("-g Backup1 -l")).toEqual({ action: "list", group: "Backup1", modifiers: plain });
    expect(parse("-g Backup1 -nd")).toMatchObject({ action: "disable", target: g, modifiers: { noPrompt: true } });
    expect(parse("-g Backup1 -pw")).toMatchObject({ action: "wait", modifiers: { pidLock: true } });
  });

  it("keeps the argument of -c, -u, -e and -A", () => {
    expect(parse("-g Backup1 -c m")).toMatchObject({ action: "copy", direction: "m", target: g });
    expect(parse("-g Backup1 -A /o")).toEqual({
      action: "attachOverflow",
      overflow: "/o",
      target: g,
      modifiers: plain,
    });
  });

  it("gets and sets group copy parameters with 0 or 2 operands", () => {
    expect(parse("-g Backup1 -P")).toEqual({ action: "params", target: g, delay: null, unit: null, modifiers: plain });
    expect(parse("-g Backup1 -P 10 500")).toMatchObject({ target: g, delay: 10, unit: 500 });
  });

  it("shows one set when -g G -i names it, as iiadm does", () => {
    expect(parse("-g Backup1 -i /s")).toMatchObject({ target: { kind: "sets", sets: ["/s"] } });
  });

  it("treats the empty group name as 'no group'", () => {
    const none = { kind: "group", group: "" };
    expect(parseIiadmArgs(["-g", "", "-d"])).toEqual({ action: "disable", target: none, modifiers: plain });
    expect(parseIiadmArgs(["-g", "", "-m", "/s"])).toEqual({
      action: "move",
      group: "",
      sets: ["/s"],
      modifiers: plain,
    });
    expect(parseIiadmArgs(["-g", "", "-e", "dep", "/m", "/s", "/b"])).toMatchObject({ group: null });
    expect(parseIiadmArgs(["-g", "", "-l"])).toMatchObject({ action: "list", group: "" });
  });

  it("lists group names with the literal `-g -L`", () => {
    expect(parse("-g -L")).toEqual({ action: "listGroups", modifiers: plain });
  });

  it("lets the action come before -g when nothing is discarded", () => {
    expect(parse("-e ind -g Backup1 /m /s /b")).toMatchObject({ action: "enable", group: "Backup1" });
    expect(parse("-u s -g Backup1")).toMatchObject({ action: "update", target: g });
  });
});

describe("parseIiadmArgs: usage errors (exit 1)", () => {
  const cases: [string, string][] = [
    ["/s", "must specify an action flag"],
    ["-n", "must specify an action flag"],
    ["-g Backup1", "must specify an action flag"],
    ["-l -i", "too many action flags"],
    ["-d /s -w /s", "too many action flags"],
    ["-g Backup1 -L", "too many action flags"],
    ["-e foo /m /s /b", "must specify ind or dep with -e"],
    ["-u x /s", "must specify m or s with -u"],
    ["-c both /s", "must specify m or s with -c"],
    ["-e ind /m /s", "must specify 3 volumes with -e"],
    ["-e ind /m /s /b /x", "must specify 3 volumes with -e"],
    ["-I /s", "must specify 2 volumes with -I"],
    ["-J /s /b /x", "must specify 2 volumes with -J"],
    ["-A /o", "specify 2 volumes with -A"],
    ["-g Backup1 -A /o /s", "must specify overflow volume when using groups with -A"],
    ["-P", "must specify delay, unit and shadow with -P"],
    ["-P 5 /s", "must specify delay, unit and shadow with -P"],
    ["-g Backup1 -P 5", "must specify delay, unit and shadow with -P"],
    ["-g Backup1 -P /s", "must specify delay, unit and shadow with -P"],
    ["-m /s1", "must use a group with this option"],
    ["-g Backup1 -m", "must specify one or more volumes"],
    ["-u s", "must specify volume with -u"],
    ["-c m", "must specify volume with -c"],
    ["-I /s -g Backup1 /b", "can't use a group with this option"],
    ["-J /s -g Backup1 /b", "can't use a group with this option"],
    ["-O /o -g Backup1", "can't use a group with this option"],
    ["-Q /o -g Backup1", "can't use a group with this option"],
    ["-x", "unrecognized argument"],
    ["-g Backup1 -v", "unrecognized argument"],
    ["-g Backup1 -I /s /b", "unrecognized argument"],
    ["-g Backup1 -g Other -l", "unrecognized argument"],
    ["-d", "unrecognized argument"],
    ["-g Backup1 -u", "unrecognized argument"],
    ["-d /s /extra", "incorrect number of arguments"],
    ["-l /extra", "incorrect number of arguments"],
    ["-i /s1 /s2", "incorrect number of arguments"],
    ["-g Backup1 -u s /s", "incorrect number of arguments"],
    ["-g -L /extra", "incorrect number of arguments"],
    ["-d /s -g Backup1", "-g must come before -d"],
  ];
  it.each(cases)("iiadm %s → %s", (line, message) => {
    const error = fails(line);
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(1);
  });

  it("reports getopt's complaints as notes", () => {
    expect(fails("-l -xy").notes).toEqual(["illegal option -- x", "illegal option -- y"]);
    expect(fails("-d").notes).toEqual(["option requires an argument -- d"]);
  });

  it("raises a bad -e/-c/-u argument while scanning, even before -h", () => {
    expect(fails("-h -e foo /m /s /b").message).toBe("must specify ind or dep with -e");
  });

  it("lets -h win over later errors, as iiadm checks it first", () => {
    expect(parse("-h -x")).toMatchObject({ action: "help" });
    expect(parse("-h -l -i")).toMatchObject({ action: "help" });
  });
});

describe("parseIiadmArgs: errors reported like dsw_error (exit 2)", () => {
  const cases: [string[], string][] = [
    [["-C", "tag", "-l"], "-C is valid only in a Sun Cluster"],
    [["-g", "Backup1", "-C", "local", "-d"], "-C is valid only in a Sun Cluster"],
    [["-C", "-L"], "-C is valid only in a Sun Cluster"],
    [["-C", "tag", "-e", "ind", "/m"], "-C is valid only in a Sun Cluster"],
    [["-g", "-x", "-l"], "group name cannot start with a '-'"],
    [["-g", "a b", "-l"], "group name cannot contain a space"],
    [["-g", "a\tb", "-l"], "group name cannot contain a space"],
    [["-P", "x", "100", "/s"], "'x' is not a valid number"],
    [["-P", "5", "12abc", "/s"], "'12abc' is not a valid number"],
    [["-g", "G", "-P", "0x10", "100"], "'0x10' is not a valid number"],
  ];
  it.each(cases)("iiadm %j → %s", (argv, message) => {
    const error = usageFailure(argv);
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(2);
  });

  it("still puts action-count errors before -C", () => {
    const error = usageFailure(["-C", "tag", "-l", "-i"]);
    expect(error).toMatchObject({ message: "too many action flags", exitCode: 1 });
  });
});

describe("iiadmUsage", () => {
  it("lists every action and the group forms", () => {
    const text = iiadmUsage();
    for (const flag of [
      "-e ind",
      "-d v",
      "-u s",
      "-c m",
      "-i [v|all]",
      "-l",
      "-w v",
      "-a v",
      "-E v",
      "-I v b",
      "-J v b",
      "-P d u v",
      "-P v",
      "-R v",
      "-A o v",
      "-D v",
      "-O o",
      "-Q o",
      "-L",
      "-v",
      "-h",
      "-n",
      "-p",
      "-C tag",
      "-X scan|auto",
      "-g g -d",
      "-g g -u s|m",
      "-g g -m v",
      "-g -L",
      "-g g -P [d u]",
      "-g g -A o",
    ]) {
      expect(text).toContain(flag);
    }
    expect(text.endsWith("\n")).toBe(true);
  });
});
