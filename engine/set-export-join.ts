// Export, import and join (docs/instant-image.md §3.6, §5.5) with scan-based tracking of what the
// backup host writes (docs/architecture.md §3): export stores the shadow's chunk digests in a folder that
// travels with the shadow; import adopts them (or scans a baseline when none travelled); the
// importer's disable records changed chunks in its bitmap's S; join ORs that S into ours.
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { bitmapLayout, bytesToFbas, chunkCount, CHUNK_BYTES, FBA_BYTES } from "@/lib/bitmap-size";
import { DSW_GOLDEN, DSW_SHDEXPORT, DSW_SHDIMPORT } from "@/lib/dsw-flags";
import { Bitmap } from "./bitmap";
import { MAGIC_CLEAN, MAGIC_DIRTY, MAGIC_INVALID, newExportId, newGeneration, TYPE_INDEPENDENT } from "./bitmap-header";
import { BitmapVolume } from "./bitmap-volume";
import { addVolumeUser, removeVolumeUser, type SetRecord } from "./config-store";
import { DigestFile } from "./digest-file";
import { assertVolumeUsable } from "./disk-group-of-volume";
import { dsLog } from "./ds-log";
import type { EngineContext } from "./engine-context";
import { EngineError } from "./engine-error";
import { findMountPoint } from "./mounts";
import { IMPORTED_MASTER, withOpenSet } from "./open-set";
import { scanForChanges } from "./scan";
import { DEFAULT_THROTTLE } from "./set-enable";
import { resolveTarget, type SetTarget } from "./set-target";
import { forgetImportFiles, isImportOfEarlierExport } from "./stale-import";
import { assertCompletePointInTime } from "./point-in-time-check";
import { digestPath, forgetWriteStamp } from "./state-files";
import { volumeInfo, type VolumeInfo } from "./volume";

/** Where an exported shadow's digests travel: its disk group's folder, or beside a file shadow. */
export function travelDigestPath(ctx: EngineContext, shadow: VolumeInfo): string | null {
  const dir = ctx.travelDirFor?.(shadow) ?? (shadow.kind === "file" ? path.dirname(shadow.realPath) : null);
  return dir ? path.join(dir, ".pitcrew", `${path.basename(shadow.path)}.digests`) : null;
}

/**
 * Writes the travelling digests, naming the folder and the real cause when it fails. The folder
 * is made without `recursive`: Node's recursive mkdir reports a failed mkdir (ENOSPC on a full
 * file system) as the ENOENT of the stat it makes afterwards, which named the wrong problem. A
 * partial file is removed, so an import never adopts half the digests.
 */
async function writeTravelDigests(travel: string, write: () => Promise<void>, shadow: string): Promise<void> {
  const dir = path.dirname(travel);
  try {
    await mkdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "EEXIST") throw err;
    });
    await write();
  } catch (err) {
    for (const f of [travel, `${travel}.tmp-${process.pid}`]) await rm(f, { force: true });
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === "ENOSPC" ? "no space left on the file system that holds it" : e.message;
    throw new EngineError(
      "DSW_EIO",
      `${shadow}: can't write the digests that travel with the shadow to ${travel}: ${reason}; ` +
        "the set was not exported",
      "Export failed",
    );
  }
}

export async function exportSets(ctx: EngineContext, target: SetTarget): Promise<void> {
  await ctx.config.update(async (config) => {
    const records = resolveTarget(config, target);
    // Every set is checked before any is exported, so a refusal changes nothing.
    for (const record of records) {
      await withOpenSet(record, { write: false }, async (set) => {
        const state = set.bitmap.header.state;
        const fail = (code: ConstructorParameters<typeof EngineError>[0], why: string): never => {
          throw new EngineError(code, `${record.shadow}: ${why}`, "Export failed");
        };
        if (state & (DSW_SHDEXPORT | DSW_SHDIMPORT))
          fail("DSW_EALREADY", `shadow volume already ${state & DSW_SHDEXPORT ? "exported" : "imported"}`);
        if (!(state & DSW_GOLDEN)) fail("DSW_EDEPENDENCY", "a dependent shadow cannot be exported");
        // Only a complete point in time may leave this host: the importer backs it up as one.
        await assertCompletePointInTime(ctx.stateDir, record, state, {
          operation: "Export failed",
          use: "export it",
          needs: "both",
        });
        const mountedAt = await findMountPoint(set.shadow);
        if (mountedAt) fail("DSW_EMOUNTED", `can't export a mounted volume (mounted on ${mountedAt})`);
      });
    }
    for (const record of records) {
      await withOpenSet(record, { write: true }, async (set) => {
        // Each export gets its own id, so a join can tell this export's importer bitmap from one
        // an earlier cycle left disabled on the same volume.
        const exportId = newExportId();
        const travel = travelDigestPath(ctx, set.shadow);
        if (travel) {
          const h = set.bitmap.header;
          const { file } = await DigestFile.openFor(digestPath(ctx.stateDir, record.id), h.generation, h.masterChunks);
          await writeTravelDigests(travel, () => file.copyTo(travel, h.generation, exportId), record.shadow).finally(
            () => file.close(),
          );
        } else {
          ctx.warn(
            `${record.shadow}: no folder travels with this shadow, so the importing host will scan it once to record a baseline`,
          );
        }
        await set.bitmap.writeHeader({ state: set.bitmap.header.state | DSW_SHDEXPORT, exportId });
      });
      removeVolumeUser(config, record.shadow, "ii");
      await dsLog(ctx.stateDir, `Export ${record.shadow}`);
    }
  });
}

export async function importShadow(ctx: EngineContext, shadowPath: string, bitmapPath: string): Promise<SetRecord> {
  return ctx.config.update(async (config) => {
    const fail = (code: ConstructorParameters<typeof EngineError>[0], why: string): never => {
      throw new EngineError(code, why, "Import failed");
    };
    const shadow = await volumeInfo(shadowPath, "shadow volume");
    const bitmap = await volumeInfo(bitmapPath, "bitmap volume");
    await assertVolumeUsable(shadowPath, { host: ctx.hostName, role: "shadow volume", operation: "Import failed" });
    await assertVolumeUsable(bitmapPath, { host: ctx.hostName, role: "bitmap volume", operation: "Import failed" });
    if (shadow.identity === bitmap.identity)
      fail("DSW_EOPEN", `shadow ${shadowPath} and bitmap ${bitmapPath} are the same device`);
    const travel = travelDigestPath(ctx, shadow);
    const travelledExportId = travel
      ? await DigestFile.openExisting(travel).then(async (f) => {
          await f?.close();
          return f?.exportId ?? "";
        })
      : "";
    const earlier = config.sets.find((set) => set.shadow === shadowPath);
    const replaced = earlier && (await isImportOfEarlierExport(earlier, travelledExportId)) ? earlier : null;
    for (const set of config.sets) {
      if (set === replaced) continue;
      if (set.shadow === shadowPath)
        fail("DSW_EINUSE", `Can't import volume on same node: ${shadowPath} is already configured`);
      for (const role of ["master", "shadow", "bitmap"] as const) {
        if (set[role] === bitmapPath)
          fail("DSW_EINUSE", `bitmap in use: ${bitmapPath} is the ${role} of set ${set.shadow}`);
      }
    }
    const fbas = bytesToFbas(shadow.sizeBytes);
    const layout = bitmapLayout(fbas);
    if (bitmap.sizeBytes < layout.minFbas * FBA_BYTES) {
      fail(
        "DSW_EBMPSIZE",
        `bitmap volume ${bitmapPath} is ${bitmap.sizeBytes} bytes; shadow ${shadowPath} needs at least ${layout.minFbas * FBA_BYTES}`,
      );
    }
    const chunks = chunkCount(fbas);
    const generation = newGeneration();
    const digests = await DigestFile.create(digestPath(ctx.stateDir, generation), generation, chunks);
    let exportId = "";
    try {
      const travelled = travel ? await DigestFile.openExisting(travel) : null;
      if (travelled) {
        exportId = travelled.exportId;
        const n = Math.min(travelled.chunks, chunks);
        for (let first = 0; first < n; first += 65536) {
          await digests.write(first, await travelled.read(first, Math.min(65536, n - first)));
        }
        await travelled.close();
        await digests.sync();
      } else {
        ctx.warn(`${shadowPath}: no digests travelled with this shadow; scanning it to record a baseline`);
        await scanForChanges({
          volume: shadow,
          sizeBytes: shadow.sizeBytes,
          digests: null,
          changed: new Bitmap(chunks),
          record: digests,
        });
      }
    } finally {
      await digests.close();
    }
    const vol = await BitmapVolume.create(bitmap, {
      magic: MAGIC_DIRTY,
      version: 1,
      type: TYPE_INDEPENDENT,
      state: DSW_GOLDEN | DSW_SHDIMPORT,
      chunkBytes: CHUNK_BYTES,
      shadowBitmapFba: layout.shadowBitmapFba,
      copyBitmapFba: layout.copyBitmapFba,
      bitmapFbas: layout.bitmapFbas,
      masterFbas: fbas,
      shadowFbas: fbas,
      generation,
      mtime: Math.floor(Date.now() / 1000),
      exportId,
      throttleUnit: DEFAULT_THROTTLE.unit,
      throttleDelay: DEFAULT_THROTTLE.delay,
      masterChunks: chunks,
      shadowChunks: chunks,
      masterPath: IMPORTED_MASTER,
      shadowPath,
      bitmapPath,
      masterIdentity: "",
      shadowIdentity: shadow.identity,
      bitmapIdentity: bitmap.identity,
      group: "",
      clusterTag: "",
    });
    await vol.close();
    const record: SetRecord = {
      id: generation,
      master: IMPORTED_MASTER,
      shadow: shadowPath,
      bitmap: bitmapPath,
      mode: "I",
      group: "",
      clusterTag: "",
      overflow: "",
      imported: true,
      throttle: { ...DEFAULT_THROTTLE },
      lockPid: 0,
    };
    if (replaced) {
      config.sets = config.sets.filter((s) => s !== replaced);
      await forgetImportFiles(ctx.stateDir, replaced);
      ctx.warn(
        `${shadowPath}: replaced this host's import of an earlier export of it (bitmap ${replaced.bitmap}); ` +
          "the production host has joined that export since, so its record of this host's writes was no longer needed",
      );
    }
    config.sets.push(record);
    addVolumeUser(config, shadowPath, "ii");
    await dsLog(
      ctx.stateDir,
      `Import ${shadowPath} ${bitmapPath}${replaced ? " (replacing the import of an earlier export)" : ""}`,
    );
    return record;
  });
}

export interface JoinRequest {
  shadow: string;
  bitmap: string;
  /**
   * Join without the importer's record when it cannot be trusted: a bitmap never disabled, one
   * naming another shadow, or one with no valid header (the shadow was never imported). The
   * next update then scans the whole shadow instead.
   */
  force: boolean;
}

/** The importer's bitmap, or why it holds no usable record (only a forced join goes on without one). */
async function openImporterBitmap(req: JoinRequest, info: VolumeInfo): Promise<BitmapVolume | { unusable: string }> {
  try {
    return await BitmapVolume.open(info, { write: false });
  } catch (err) {
    if (!req.force) {
      throw new EngineError(
        "DSW_EINVALBMP",
        `${req.bitmap} is not a valid bitmap volume: ${(err as Error).message}; use -n to join without it`,
        "precheck",
      );
    }
    return { unusable: (err as Error).message };
  }
}

export interface JoinResult {
  chunksMerged: number;
  /** Why the importer's record was not trusted, so the next update scans the whole shadow; null when it was. */
  rescanBecause: string | null;
}

export async function joinShadow(ctx: EngineContext, req: JoinRequest): Promise<JoinResult> {
  return ctx.config.update(async (config) => {
    const [record] = resolveTarget(config, { kind: "sets", sets: [req.shadow] });
    await assertVolumeUsable(req.bitmap, {
      host: ctx.hostName,
      role: "imported bitmap volume",
      operation: "Join failed",
    });
    const info = await volumeInfo(req.bitmap, "imported bitmap volume").catch((err: Error) => {
      throw new EngineError("DSW_EOPEN", `Can't open imported bitmap volume: ${err.message}`, "precheck");
    });
    const opened = await openImporterBitmap(req, info);
    const imported = opened instanceof BitmapVolume ? opened : null;
    try {
      const ih = imported?.header ?? null;
      if (ih && ih.magic !== MAGIC_INVALID && !req.force) {
        const what =
          ih.magic === MAGIC_DIRTY || ih.magic === MAGIC_CLEAN
            ? "was never disabled by the importing host (iiadm -d there first)"
            : "has an unknown magic";
        throw new EngineError(
          "DSW_EINVALBMP",
          `imported bitmap ${req.bitmap} ${what}; use -n to join it anyway`,
          "precheck",
        );
      }
      const otherShadow = ih !== null && ih.shadowPath !== record!.shadow;
      if (otherShadow && !req.force) {
        throw new EngineError(
          "DSW_EMISMATCH",
          `imported bitmap ${req.bitmap} belongs to shadow ${ih.shadowPath}, not ${record!.shadow}`,
          "Join failed",
        );
      }
      // Only the importer's disable records what it wrote (scan against the digests that
      // travelled). A bitmap joined without that record says nothing about the shadow, and on a
      // SAN this host sees no trace of another host's writes: the next update must scan it.
      const untrusted = !ih
        ? `has no usable header (${"unusable" in opened ? opened.unusable : "unreadable"})`
        : otherShadow
          ? `belongs to shadow ${ih.shadowPath}`
          : ih.magic !== MAGIC_INVALID
            ? "was never disabled"
            : null;
      return await withOpenSet(record!, { write: true }, async (set) => {
        const h = set.bitmap.header;
        if (!(h.state & DSW_SHDEXPORT))
          throw new EngineError("DSW_ENOTEXPORTED", `${record!.shadow}: set is not exported`, "Join failed");
        // A bitmap an earlier cycle left disabled on this volume records that cycle's writes, not
        // this export's. Headers without export ids (older ones, or an import with no digests
        // travelled) cannot be told apart and are trusted, as before.
        const earlierExport =
          ih !== null && !otherShadow && ih.exportId !== "" && h.exportId !== "" && ih.exportId !== h.exportId;
        if (earlierExport && !req.force) {
          throw new EngineError(
            "DSW_EINVALBMP",
            `imported bitmap ${req.bitmap} was written for an earlier export of ${record!.shadow}, ` +
              "so it does not record what was written since this one; use -n to join without it",
            "precheck",
          );
        }
        const why = untrusted ?? (earlierExport ? `was written for an earlier export of ${record!.shadow}` : null);
        if (ih && ih.bitmapFbas < h.bitmapFbas) {
          throw new EngineError(
            "DSW_EINVALBMP",
            `imported bitmap ${req.bitmap} is shorter (${ih.bitmapFbas} FBAs) than this set's (${h.bitmapFbas})`,
            "Join failed",
          );
        }
        const theirs = imported
          ? new Bitmap(h.masterChunks, (await imported.readRegionBytes("S")).subarray(0, Math.ceil(h.masterChunks / 8)))
          : new Bitmap(h.masterChunks);
        const S = await set.bitmap.readBitmap("S");
        S.or(theirs);
        await set.bitmap.writeBitmap("S", S);
        await set.bitmap.sync();
        if (why) await forgetWriteStamp(ctx.stateDir, record!.id);
        await set.bitmap.writeHeader({ state: h.state & ~DSW_SHDEXPORT });
        addVolumeUser(config, record!.shadow, "ii");
        await dsLog(
          ctx.stateDir,
          `Join ${record!.shadow} ${req.bitmap}${why ? " (forced: shadow rescan pending)" : ""}`,
        );
        if (why) {
          ctx.warn(
            `${record!.shadow}: the imported bitmap ${req.bitmap} ${why}, so it does not record what the importing host wrote; the next update scans the whole shadow to find those chunks`,
          );
        }
        return { chunksMerged: theirs.count(), rescanBecause: why && `the imported bitmap ${why}` };
      });
    } finally {
      await imported?.close();
    }
  });
}
