// Which disk group a volume belongs to, and whether this host may use it now (docs/architecture.md §2,
// docs/instant-image.md §8.3, §8.5): a volume of a deported group, or of a group whose volumes are
// stopped, is refused, as VxVM refuses to open it. Volumes outside every disk group are not
// checked, so `iiadm --local` on arbitrary paths keeps working.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { EngineError } from "./engine-error";
import { METADATA_FILE, metadataPath, parseMetadata, readMetadata } from "./disk-group-metadata";
import type { VolumeInfo } from "./volume";

function realOrResolved(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** The group in `roots` whose metadata lists this block device (by path or by the node it resolves to). */
function groupListingDevice(devicePath: string, real: string, roots: readonly string[]): string | null {
  for (const root of roots) {
    let names: string[];
    try {
      names = readdirSync(root).filter((n) => !n.startsWith("."));
    } catch {
      continue;
    }
    for (const name of names) {
      const dir = path.join(root, name);
      let volumes;
      try {
        volumes = parseMetadata(readFileSync(metadataPath(dir), "utf8")).volumes;
      } catch {
        continue; // not a group, or damaged: listDiskGroups reports those
      }
      const listed = volumes.some(
        (v) =>
          v.kind === "block" && v.devicePath && (v.devicePath === devicePath || realOrResolved(v.devicePath) === real),
      );
      if (listed) return dir;
    }
  }
  return null;
}

/**
 * The disk-group directory holding a volume: for a file, the nearest directory above it with a
 * metadata file; for a block device, the group in `roots` that lists it. Synchronous and taking
 * a VolumeInfo as well as a path, so `(v) => diskGroupDirOf(v, roots)` serves as
 * EngineContext.travelDirFor.
 */
export function diskGroupDirOf(
  volume: string | Pick<VolumeInfo, "path">,
  roots: readonly string[] = [],
): string | null {
  const volumePath = typeof volume === "string" ? volume : volume.path;
  const real = realOrResolved(volumePath);
  let isBlock = false;
  try {
    isBlock = statSync(real).isBlockDevice();
  } catch {
    // Not there (yet): judge by where the path points.
  }
  if (isBlock) return groupListingDevice(volumePath, real, roots);
  for (let dir = path.dirname(real); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, METADATA_FILE))) return dir;
    if (dir === path.dirname(dir)) return null;
  }
}

export interface UsableOptions {
  /** This host: when given, a group imported by another host is refused too. */
  host?: string;
  /** How the volume is named in the message ("shadow volume"). */
  role?: string;
  /** iiadm's first line for the refusal ("Enable failed"). */
  operation?: string;
  /** Roots to search for groups listing block devices. */
  roots?: readonly string[];
}

export async function assertVolumeUsable(volumePath: string, opts: UsableOptions = {}): Promise<void> {
  const dir = diskGroupDirOf(volumePath, opts.roots ?? []);
  if (!dir) return;
  const what = `${opts.role ?? "volume"} ${volumePath}`;
  const md = await readMetadata(dir).catch((err: EngineError) => {
    throw new EngineError(
      err.code,
      `${what} is in a disk group whose metadata cannot be used: ${err.message}`,
      opts.operation,
    );
  });
  const refuse = (code: ConstructorParameters<typeof EngineError>[0], why: string): never => {
    throw new EngineError(code, `${what} is in disk group ${md.name}, ${why}`, opts.operation);
  };
  if (md.owner === null)
    refuse("DG_EDEPORTED", "which is deported: import it on this host and start its volumes first");
  if (opts.host !== undefined && md.owner !== opts.host)
    refuse("DG_ENOTOWNER", `which is imported by host ${md.owner}, not by this host (${opts.host})`);
  if (!md.volumesStarted) refuse("DG_ESTOPPED", "whose volumes are stopped: start them (dg startall) first");
}
