// Disable (docs/instant-image.md §5.4): dissolve a set. A dependent shadow, or one whose copy never
// completed, gets FBAs 16…127 zeroed so it cannot be mounted by mistake as if it were whole.
// An imported set first scans its shadow against the digests that travelled with it, so the
// bitmap handed back records every chunk written on this host (docs/architecture.md §3); its header is
// then marked INVALID, which is what join expects. A set whose bitmap is unusable is disabled
// all the same (set-disable-damaged.ts).
import { DSW_COPYING, DSW_COPYINGP, DSW_GOLDEN, DSW_SHDEXPORT, DSW_SHDIMPORT } from "@/lib/dsw-flags";
import { MAGIC_INVALID } from "./bitmap-header";
import { removeVolumeUser, type EngineConfig, type SetRecord } from "./config-store";
import { DigestFile } from "./digest-file";
import { dsLog } from "./ds-log";
import type { EngineContext } from "./engine-context";
import { EngineError } from "./engine-error";
import { findMountPoint } from "./mounts";
import { openSet, type OpenSet } from "./open-set";
import { scanForChanges } from "./scan";
import { abortCopies } from "./set-control";
import { damageShadow, disableWithUnusableBitmap, isUnusableBitmap } from "./set-disable-damaged";
import { resolveTarget, type SetTarget } from "./set-target";
import { releaseSetClones } from "./point-in-time-clones";
import { digestPath, liveRunOwner, releaseRun, stampPath } from "./state-files";

const DISABLE_FAILED = "Disable failed";

async function recordImporterWrites(ctx: EngineContext, set: OpenSet): Promise<number> {
  const h = set.bitmap.header;
  const { file: digests, fresh } = await DigestFile.openFor(
    digestPath(ctx.stateDir, set.record.id),
    h.generation,
    h.masterChunks,
  );
  try {
    const S = await set.bitmap.readBitmap("S");
    if (fresh) S.setAll();
    else await scanForChanges({ volume: set.shadow, sizeBytes: h.masterFbas * 512, digests, changed: S });
    await set.bitmap.writeBitmap("S", S);
    await set.bitmap.sync();
    return S.count();
  } finally {
    await digests.close();
  }
}

/**
 * Runs one write of a disable, turning a system error into one that names the set, the volume
 * and what to do: a bare "ENOSPC: no space left on device, write" names nothing (a bitmap on a
 * full copy-on-write file system cannot be rewritten in place). The set stays enabled.
 */
async function naming(record: SetRecord, what: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (err instanceof EngineError) throw err;
    const e = err as NodeJS.ErrnoException;
    const reason =
      e.code === "ENOSPC" ? "no space left on the file system that holds it; free some and disable again" : e.message;
    throw new EngineError(
      "DSW_EIO",
      `${record.shadow}: ${what} failed: ${reason} (the set is still enabled)`,
      DISABLE_FAILED,
    );
  }
}

/** Returns the chunks written on this host that an imported set's bitmap now records, or null for other sets. */
async function disableOne(ctx: EngineContext, config: EngineConfig, record: SetRecord): Promise<number | null> {
  let written: number | null = null;
  const set = await openSet(record, { write: true }).catch(async (err: unknown) => {
    if (!isUnusableBitmap(err)) throw err;
    await disableWithUnusableBitmap(ctx, config, record, err as EngineError);
    return null;
  });
  if (!set) {
    forgetSet(config, record);
    await forgetSetFiles(ctx, record);
    return null;
  }
  try {
    const state = set.bitmap.header.state;
    const independent = (state & DSW_GOLDEN) !== 0;
    if (state & DSW_SHDEXPORT && state & DSW_SHDIMPORT) {
      throw new EngineError("DSW_EINVAL", `${record.shadow}: set is both imported and exported`, DISABLE_FAILED);
    }
    if (independent && (state & DSW_COPYINGP || (await liveRunOwner(ctx.stateDir, record.id)))) {
      throw new EngineError(
        "DSW_EDEPENDENCY",
        `${record.shadow}: copy in progress, wait for it (-w) or abort it (-a) first`,
        DISABLE_FAILED,
      );
    }
    const exported = (state & DSW_SHDEXPORT) !== 0;
    if (!independent && !exported) {
      const mountedAt = await findMountPoint(set.shadow);
      if (mountedAt) {
        throw new EngineError(
          "DSW_EMOUNTED",
          `${record.shadow}: dependent shadow is mounted on ${mountedAt} and depends on the master`,
          DISABLE_FAILED,
        );
      }
    }
    if (state & DSW_SHDIMPORT) {
      written = await recordImporterWrites(ctx, set);
      ctx.warn(`${record.shadow}: ${written} chunk(s) written on this host recorded in bitmap ${record.bitmap}`);
    }
    if (!exported && (!independent || state & DSW_COPYING)) {
      await naming(record, `making the shadow volume ${record.shadow} unmountable`, () => damageShadow(set.shadow));
    }
    await naming(record, `marking the bitmap volume ${record.bitmap} disabled`, () =>
      set.bitmap.writeHeader({ magic: MAGIC_INVALID, state: state & ~DSW_COPYINGP }),
    );
  } finally {
    await set.bitmap.close();
  }
  forgetSet(config, record);
  await forgetSetFiles(ctx, record);
  return written;
}

/** Drops the set from the configuration and releases its volumes, so their disk group can stop. */
function forgetSet(config: EngineConfig, record: SetRecord): void {
  config.sets = config.sets.filter((s) => s !== record);
  removeVolumeUser(config, record.shadow, "ii"); // a no-op when export already dropped it
  if (!record.imported && !config.sets.some((s) => s.master === record.master))
    removeVolumeUser(config, record.master, "ii");
}

async function forgetSetFiles(ctx: EngineContext, record: SetRecord): Promise<void> {
  await DigestFile.remove(digestPath(ctx.stateDir, record.id));
  await DigestFile.remove(stampPath(ctx.stateDir, record.id));
  await releaseSetClones(ctx.stateDir, record.id);
  await releaseRun(ctx.stateDir, record.id);
  await dsLog(ctx.stateDir, `Disabled ${record.shadow}`);
}

export interface DisableResult {
  /** Per imported set disabled: the chunks written on this host, now recorded in its bitmap for the join. */
  importerWrites: Record<string, number>;
}

export async function disableSets(ctx: EngineContext, target: SetTarget): Promise<DisableResult> {
  const importerWrites: Record<string, number> = {};
  // A dependent set's running copy is stopped first, as II's disable stops copying.
  const config0 = await ctx.config.read();
  for (const record of resolveTarget(config0, target)) {
    if (record.mode === "D") await abortCopies(ctx, { kind: "sets", sets: [record.shadow] });
  }
  // The sets that were disabled are committed even when others fail (§5.4): only then is the
  // failure reported.
  const failures = await ctx.config.update(async (config) => {
    const records = resolveTarget(config, target);
    const failed: string[] = [];
    for (const record of records) {
      try {
        const written = await disableOne(ctx, config, record);
        if (written !== null) importerWrites[record.shadow] = written;
      } catch (err) {
        if (target.kind === "sets") throw err;
        failed.push((err as Error).message);
      }
    }
    return failed;
  });
  if (failures.length) {
    throw new EngineError("DSW_EDISABLE", `Some sets in the group failed to disable: ${failures.join("; ")}`);
  }
  return { importerWrites };
}
