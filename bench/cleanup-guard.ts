// A guard that undoes the benchmark's mounts and loop devices if the benchmark is killed before
// its own cleanup runs. `npm run bench` runs under tsx, whose parent process relays SIGINT and
// SIGTERM to the benchmark and SIGKILLs it when it does not acknowledge within about 60 ms, which
// it cannot do while it waits on a synchronous child (cmp, sync, losetup): a Ctrl-C at such a
// moment used to leave the instant section's XFS mounted and its loop devices attached.
//
// The guard is a shell loop in a session of its own (Ctrl-C does not reach it): it waits for the
// benchmark's process to end, then, if the ledger (volumes.ts keepLedger) is still there, which
// the benchmark's own cleanup removes with the scratch dir, unmounts what it lists, detaches the
// loop devices attached to the listed backing files (found by file with `losetup -j`, so a device
// number another session reuses is never touched), and removes the scratch dir. A copy worker the
// benchmark's set had started is left to the engine: it fails or finishes on its own.
import { spawn } from "node:child_process";

const SCRIPT = `
pid=$1; ledger=$2; scratch=$3
while kill -0 "$pid" 2>/dev/null; do sleep 1; done
[ -f "$ledger" ] || exit 0
while read -r kind target; do
  [ "$kind" = mount ] && { umount "$target" 2>/dev/null || umount -l "$target"; }
done < "$ledger"
while read -r kind target; do
  [ "$kind" = backing ] && for dev in $(losetup --list --noheadings --output NAME --associated "$target" 2>/dev/null); do losetup -d "$dev"; done
done < "$ledger"
rm -rf "$scratch"
`;

/** Starts the guard for this process; `ledger` must be inside `scratch`. */
export function startCleanupGuard(scratch: string, ledger: string): void {
  const child = spawn("sh", ["-c", SCRIPT, "pitcrew-bench-cleanup-guard", String(process.pid), ledger, scratch], {
    detached: true,
    stdio: "ignore",
  });
  child.unref();
}
