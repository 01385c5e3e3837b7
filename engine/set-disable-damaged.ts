// Disable of a set whose bitmap cannot be used (docs/instant-image.md §5.4 disable, §2.4 bitmap
// failure): both header copies damaged, or a header that names other volumes. II can always
// disable a set whose bitmap failed; so can pitcrew, or the set and its disk group would be
// stranded (no copy, no export, no stop, no deport). Without a header nothing says whether a
// copy was pending, so the shadow's relationship to the master is unknown: a dependent shadow
// is made unmountable as every dependent disable does, an independent one is kept as it is
// (it may well be whole, and zeroing would destroy a good backup) with a warning that it must
// not be trusted as a point in time. The bitmap volume itself is not written: its header can
// not be trusted to belong to this set.
import { EngineError } from "./engine-error";
import type { EngineConfig, SetRecord } from "./config-store";
import type { EngineContext } from "./engine-context";
import { findMountPoint } from "./mounts";
import { liveRunOwner } from "./state-files";
import { openVolume, volumeInfo, type VolumeInfo } from "./volume";

const DISABLE_FAILED = "Disable failed";

/** The open failures that mean the bitmap's header is unusable, not that a volume is missing. */
export function isUnusableBitmap(err: unknown): boolean {
  return (
    err instanceof EngineError &&
    (err.code === "DSW_EHDRBMP" || err.code === "DSW_EINVALBMP" || err.code === "DSW_EMISMATCH")
  );
}

/** Zeroes FBAs 16…127 (the first 16 may hold a disk label), so a partial shadow is not mounted as whole (§5.4). */
export async function damageShadow(shadow: VolumeInfo): Promise<void> {
  const { handle } = await openVolume(shadow, { write: true });
  try {
    const from = 16 * 512;
    const to = Math.min(128 * 512, shadow.sizeBytes);
    if (to > from) await handle.write(Buffer.alloc(to - from), 0, to - from, from);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Checks and side effects of disabling a set whose bitmap `damage` made unusable; the caller
 * then forgets the set as any disable does. Refuses only while a copy process still owns it.
 */
export async function disableWithUnusableBitmap(
  ctx: EngineContext,
  config: EngineConfig,
  record: SetRecord,
  damage: EngineError,
): Promise<void> {
  if (await liveRunOwner(ctx.stateDir, record.id)) {
    throw new EngineError(
      "DSW_EDEPENDENCY",
      `${record.shadow}: a copy process still runs, abort it (-a) first`,
      DISABLE_FAILED,
    );
  }
  // Export drops II's claim on the shadow: a shadow with none is another host's now.
  const exported = !record.imported && !(config.volumeUsers[record.shadow] ?? []).includes("ii");
  // A header naming other volumes may mean the paths now lead elsewhere: write nothing to them.
  const headerUnreadable = damage.code !== "DSW_EMISMATCH";
  const why = `bitmap ${record.bitmap} of set ${record.shadow} is unusable (${damage.message})`;
  if (record.mode === "D" && !exported && headerUnreadable) {
    const shadow = await volumeInfo(record.shadow, "shadow volume");
    const mountedAt = await findMountPoint(shadow);
    if (mountedAt) {
      throw new EngineError(
        "DSW_EMOUNTED",
        `${record.shadow}: dependent shadow is mounted on ${mountedAt} and depends on the master`,
        DISABLE_FAILED,
      );
    }
    await damageShadow(shadow);
    ctx.warn(
      `${why}; the set is disabled and its dependent shadow made unmountable, as it never held a whole point in time`,
    );
  } else if (record.imported) {
    ctx.warn(
      `${why}; the set is disabled, but the bitmap records nothing of what this host wrote: join it on the production host with -n, which rescans the shadow`,
    );
  } else {
    ctx.warn(
      `${why}; the set is disabled without it, and whether the shadow ${record.shadow} holds a complete point in time of ${record.master} is unknown: ` +
        "do not use it as one (enable a new set to copy it again)",
    );
  }
}
