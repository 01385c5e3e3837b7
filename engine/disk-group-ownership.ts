// Deport, import, startall and stopall (docs/instant-image.md §8.1–§8.4): the import lock is the
// metadata's `owner`. Import claims it under the metadata lock, so of two hosts importing a
// deported group exactly one wins and the other is told who did; `clearLock` (vxdg import -C)
// takes a group another host holds, with a warning the caller must audit. Deport and stopall
// refuse while any volume is in use, naming every one.
import { EngineError } from "./engine-error";
import { busyVolumes, describeBusy, type VolumeInUse } from "./disk-group-busy";
import { updateDiskGroup } from "./disk-group-lock";
import { volumePathOf, type DiskGroupMetadata } from "./disk-group-metadata";
import { assertHostName } from "./disk-group-names";
import { assertImportedBy } from "./disk-group-volumes";
import { volumeInfo } from "./volume";

export interface ImportResult {
  metadata: DiskGroupMetadata;
  /** Set when the import was not a plain one (a cleared lock, an already imported group). */
  warning: string | null;
}

async function refuseBusy(dgDir: string, md: DiskGroupMetadata, inUse: VolumeInUse, action: string): Promise<void> {
  const busy = await busyVolumes(dgDir, md, inUse);
  if (busy.length) {
    throw new EngineError(
      "DG_EINUSE",
      `disk group ${md.name} cannot be ${action}: ` +
        `${busy.length} volume(s) in use: ${describeBusy(busy)}; release them first (iiadm -E or -d, svadm -d, umount)`,
    );
  }
}

export async function deportDiskGroup(dgDir: string, host: string, inUse: VolumeInUse): Promise<DiskGroupMetadata> {
  assertHostName(host);
  return updateDiskGroup(dgDir, host, async (md) => {
    if (md.owner === null)
      throw new EngineError("DG_EDEPORTED", `disk group ${md.name} is not imported (already deported)`);
    if (md.owner !== host)
      throw new EngineError(
        "DG_ENOTOWNER",
        `disk group ${md.name} is imported by host ${md.owner}, not by ${host}: deport refused`,
      );
    await refuseBusy(dgDir, md, inUse, "deported");
    md.owner = null;
    md.volumesStarted = false;
    md.lastDeportedAt = new Date().toISOString();
    return md;
  });
}

export async function importDiskGroup(
  dgDir: string,
  host: string,
  opts: { clearLock?: boolean } = {},
): Promise<ImportResult> {
  assertHostName(host);
  return updateDiskGroup(dgDir, host, (md) => {
    let warning: string | null = null;
    if (md.owner === host) {
      // Re-importing one's own group changes nothing (a host that rebooted finds it so).
      return { metadata: md, warning: `disk group ${md.name} is already imported by this host (${host})` };
    }
    if (md.owner !== null) {
      if (!opts.clearLock) {
        throw new EngineError(
          "DG_ELOCKED",
          `disk group ${md.name} is imported by host ${md.owner}: import failed: Disk is in use by another host`,
        );
      }
      warning =
        `disk group ${md.name}: cleared the import lock of host ${md.owner} and imported it on ${host}. ` +
        `If ${md.owner} is still running and using the group, both hosts now write to the same volumes, ` +
        `which corrupts them and their file systems: ${md.owner} must be down or must have released the group.`;
    }
    const now = new Date().toISOString();
    md.owner = host;
    md.importGeneration += 1;
    md.lastImportedAt = now;
    // Imported volumes stay closed until startall, as VxVM leaves them (§8.3).
    md.volumesStarted = false;
    return { metadata: md, warning };
  });
}

export async function startAll(dgDir: string, host: string): Promise<DiskGroupMetadata> {
  assertHostName(host);
  return updateDiskGroup(dgDir, host, async (md) => {
    assertImportedBy(md, host, "start its volumes");
    const missing: string[] = [];
    for (const v of md.volumes) {
      const p = volumePathOf(dgDir, v);
      await volumeInfo(p).catch((err: Error) => missing.push(err.message));
    }
    if (missing.length)
      throw new EngineError("DG_ENOTFOUND", `disk group ${md.name}: cannot start volumes: ${missing.join("; ")}`);
    md.volumesStarted = true;
    return md;
  });
}

export async function stopAll(dgDir: string, host: string, inUse: VolumeInUse): Promise<DiskGroupMetadata> {
  assertHostName(host);
  return updateDiskGroup(dgDir, host, async (md) => {
    assertImportedBy(md, host, "stop its volumes");
    await refuseBusy(dgDir, md, inUse, "stopped");
    md.volumesStarted = false;
    return md;
  });
}
