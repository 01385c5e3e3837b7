// "Is this volume mounted?" (docs/instant-image.md §5.1, §5.3, §5.4). II derives the block
// device and looks it up in the mount table; here a volume counts as mounted when its device,
// one of its partitions, or a loop device backed by the volume's file is in /proc/self/mountinfo.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { VolumeInfo } from "./volume";

async function mountedDevNumbers(): Promise<Map<string, string>> {
  const text = await readFile("/proc/self/mountinfo", "utf8");
  const byDev = new Map<string, string>();
  for (const line of text.split("\n")) {
    const fields = line.split(" ");
    // mountinfo: id parent MAJ:MIN root mountpoint ...
    if (fields.length > 4 && fields[2]) byDev.set(fields[2], fields[4] ?? "");
  }
  return byDev;
}

async function readTrim(file: string): Promise<string | null> {
  return readFile(file, "utf8").then(
    (t) => t.trim(),
    () => null,
  );
}

/** The device and its partitions, as MAJ:MIN, from sysfs. */
async function deviceAndPartitions(devNumber: string): Promise<string[]> {
  const result = [devNumber];
  const sysDir = `/sys/dev/block/${devNumber}`;
  const entries = await readdir(sysDir).catch(() => [] as string[]);
  for (const entry of entries) {
    const dev =
      (await readTrim(path.join(sysDir, entry, "partition"))) !== null
        ? await readTrim(path.join(sysDir, entry, "dev"))
        : null;
    if (dev) result.push(dev);
  }
  return result;
}

/** Loop devices (MAJ:MIN) whose backing file is `realPath`. */
async function loopDevicesBackedBy(realPath: string): Promise<string[]> {
  const names = (await readdir("/sys/block").catch(() => [] as string[])).filter((n) => n.startsWith("loop"));
  const found: string[] = [];
  for (const name of names) {
    const backing = await readTrim(`/sys/block/${name}/loop/backing_file`);
    // The kernel appends " (deleted)" when the file was unlinked; it is still the same file.
    if (backing && backing.replace(/ \(deleted\)$/, "") === realPath) {
      const dev = await readTrim(`/sys/block/${name}/dev`);
      if (dev) found.push(dev);
    }
  }
  return found;
}

/** Returns the mount point when the volume (or something layered on it) is mounted, else null. */
export async function findMountPoint(info: VolumeInfo): Promise<string | null> {
  const mounted = await mountedDevNumbers();
  const devices = info.kind === "block" && info.devNumber ? [info.devNumber] : await loopDevicesBackedBy(info.realPath);
  for (const dev of devices) {
    for (const candidate of await deviceAndPartitions(dev)) {
      const where = mounted.get(candidate);
      if (where !== undefined) return where;
    }
  }
  return null;
}
