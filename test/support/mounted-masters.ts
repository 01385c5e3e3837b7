// Test support: an application's file systems on master volumes, as the runbook's freeze tests
// need them: ext4 made on each volume file, loop-attached and mounted, so a writer can run in
// them and `fsfreeze` can quiesce them. release() undoes it whatever state a failed test left:
// it thaws first (a test may stop with a file system frozen), then unmounts and detaches.
import { execFileSync } from "node:child_process";
import { mkdir } from "node:fs/promises";

export interface MountedMasters {
  release(): void;
}

export async function mountExt4Masters(masters: { volume: string; mountPoint: string }[]): Promise<MountedMasters> {
  const loops: string[] = [];
  const mountPoints: string[] = [];
  for (const { volume, mountPoint } of masters) {
    execFileSync("mkfs.ext4", ["-q", "-F", volume], { stdio: "ignore" });
    const loop = execFileSync("losetup", ["--find", "--show", volume], { encoding: "utf8" }).trim();
    loops.push(loop);
    await mkdir(mountPoint, { recursive: true });
    execFileSync("mount", [loop, mountPoint]);
    mountPoints.push(mountPoint);
  }
  const quietly = (command: string, args: string[]) => {
    try {
      execFileSync(command, args, { stdio: "ignore" });
    } catch {
      /* not frozen, not mounted, or already detached */
    }
  };
  return {
    release() {
      for (const mountPoint of mountPoints) {
        quietly("fsfreeze", ["-u", mountPoint]);
        quietly("umount", [mountPoint]);
      }
      for (const loop of loops) quietly("losetup", ["-d", loop]);
    },
  };
}
