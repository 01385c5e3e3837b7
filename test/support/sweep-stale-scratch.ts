// Test runs that were killed (a timeout, ^C, a lost session) leave their scratch behind: pitcrew-*
// dirs of sparse volumes in /var/tmp and the temp dir, and loop devices still attached to files in
// them, which hold the space even once the files are unlinked. Each test run sweeps what such runs
// left, once it is old enough that no live run can still be using it.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const STALE_MS = 12 * 3600 * 1000;
// What the tests' mkdtemp calls make: pitcrew-<what>-<6 random characters>.
const SCRATCH_NAME = /^pitcrew-[a-z-]+-[A-Za-z0-9]{6}$/;

function loopBackingFiles(): { device: string; file: string }[] {
  let names: string[];
  try {
    names = readdirSync("/sys/block").filter((n) => n.startsWith("loop"));
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    try {
      const file = readFileSync(`/sys/block/${n}/loop/backing_file`, "utf8")
        .trim()
        .replace(/ \(deleted\)$/, "");
      return [{ device: `/dev/${n}`, file }];
    } catch {
      return []; // not attached
    }
  });
}

function mountPoints(): string[] {
  try {
    // Field 5 is the mount point, with spaces and the like octal-escaped.
    return readFileSync("/proc/self/mountinfo", "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) =>
        line.split(" ")[4]!.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))),
      );
  } catch {
    return [];
  }
}

const inside = (dir: string, p: string) => p === dir || p.startsWith(`${dir}/`);

/** Removes stale test scratch dirs and detaches their loop devices; returns what it removed. */
export function sweepStaleScratch(now = Date.now(), parents = [...new Set(["/var/tmp", tmpdir()])]): string[] {
  const stale = parents
    .filter((p) => existsSync(p))
    .flatMap((parent) =>
      readdirSync(parent)
        .filter((n) => SCRATCH_NAME.test(n))
        .map((n) => path.join(parent, n))
        .filter((dir) => {
          try {
            const st = statSync(dir);
            return st.isDirectory() && now - st.mtimeMs > STALE_MS;
          } catch {
            return false;
          }
        }),
    );
  if (!stale.length) return [];
  const mounts = mountPoints();
  const loops = loopBackingFiles();
  const removed: string[] = [];
  for (const dir of stale) {
    // A filesystem still mounted from it is someone's; removing under it would empty that filesystem.
    if (mounts.some((m) => inside(dir, m))) continue;
    for (const loop of loops.filter((l) => inside(dir, l.file))) spawnSync("losetup", ["-d", loop.device]);
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}
