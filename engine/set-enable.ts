// Enable (docs/instant-image.md §5.1, §5.2, §2.4): every validation of iiadm and the kernel, in
// their order, before anything is written; then the bitmap volume is initialised, the set is
// recorded, and an independent set starts its full copy in the background.
import { rm, truncate } from "node:fs/promises";
import { bitmapLayout, bytesToFbas, chunkCount, FBA_BYTES, CHUNK_BYTES } from "@/lib/bitmap-size";
import { DSW_COPYINGM, DSW_COPYINGP, DSW_GOLDEN, DSW_RESIZED, DSW_TREEMAP } from "@/lib/dsw-flags";
import { Bitmap } from "./bitmap";
import { MAGIC_DIRTY, newGeneration, TYPE_DEPENDENT, TYPE_INDEPENDENT } from "./bitmap-header";
import { BitmapVolume } from "./bitmap-volume";
import { addVolumeUser, type EngineConfig, type SetRecord } from "./config-store";
import { DigestFile } from "./digest-file";
import { assertVolumeUsable } from "./disk-group-of-volume";
import { dsLog } from "./ds-log";
import type { EngineContext } from "./engine-context";
import { EngineError } from "./engine-error";
import { findMountPoint } from "./mounts";
import { digestPath } from "./state-files";
import { cloneFile } from "./block-sharing";
import { setPendingClone, takeClone, type CloneRecord } from "./point-in-time-clones";
import { consistencyOfVolumes } from "./set-consistency";
import { volumeInfo, type VolumeInfo } from "./volume";

export const DEFAULT_THROTTLE = { unit: 100, delay: 2 };

export interface EnableRequest {
  type: "ind" | "dep";
  master: string;
  shadow: string;
  bitmap: string;
  group: string | null;
  /** "scan" when the operator asks for scan mode; instant is taken where the volumes allow it otherwise. */
  consistency?: "auto" | "scan";
}

const ENABLE_FAILED = "Enable failed";

/** Every role a volume already plays in the configuration, matched by path or identity. */
async function rolesOf(config: EngineConfig, vol: VolumeInfo): Promise<string[]> {
  const roles: string[] = [];
  for (const set of config.sets) {
    for (const role of ["master", "shadow", "bitmap", "overflow"] as const) {
      const p = set[role];
      if (!p) continue;
      const same =
        p === vol.path ||
        (await volumeInfo(p).then(
          (i) => i.identity === vol.identity,
          () => false,
        ));
      if (same) roles.push(`${role} of set ${set.shadow}`);
    }
  }
  return roles;
}

function refuse(code: ConstructorParameters<typeof EngineError>[0], message: string): never {
  throw new EngineError(code, message, ENABLE_FAILED);
}

export async function enableSet(ctx: EngineContext, req: EnableRequest): Promise<SetRecord> {
  for (const [role, p] of [
    ["master", req.master],
    ["shadow", req.shadow],
    ["bitmap", req.bitmap],
  ] as const) {
    if (!p) refuse("DSW_EEMPTY", `${role} volume name is empty`);
  }
  return ctx.config.update(async (config, afterCommit) => {
    const master = await volumeInfo(req.master, "master volume");
    const shadow = await volumeInfo(req.shadow, "shadow volume");
    const bitmap = await volumeInfo(req.bitmap, "bitmap volume");
    // A volume of a deported or stopped disk group is not this host's to use (docs/architecture.md §2).
    for (const [role, p] of [
      ["master", req.master],
      ["shadow", req.shadow],
      ["bitmap", req.bitmap],
    ] as const) {
      await assertVolumeUsable(p, { host: ctx.hostName, role: `${role} volume`, operation: ENABLE_FAILED });
    }
    const mountedAt = await findMountPoint(shadow);
    if (mountedAt) refuse("DSW_EMOUNTED", `shadow volume ${req.shadow} is mounted on ${mountedAt}, unmount it first`);
    const pairs = [
      ["master", master, "shadow", shadow],
      ["master", master, "bitmap", bitmap],
      ["shadow", shadow, "bitmap", bitmap],
    ] as const;
    for (const [an, a, bn, b] of pairs) {
      if (a.identity === b.identity) refuse("DSW_EOPEN", `${an} ${a.path} and ${bn} ${b.path} are the same device`);
    }
    const bitmapRoles = await rolesOf(config, bitmap);
    if (bitmapRoles.length) refuse("DSW_EINUSE", `bitmap in use: ${req.bitmap} is already ${bitmapRoles.join(", ")}`);
    const shadowRoles = await rolesOf(config, shadow);
    if (shadowRoles.length)
      refuse("DSW_EINUSE", `shadow volume ${req.shadow} is already configured as ${shadowRoles.join(", ")}`);
    const masterRoles = (await rolesOf(config, master)).filter((r) => !r.startsWith("master of"));
    if (masterRoles.length) refuse("DSW_EINUSE", `master volume ${req.master} is already ${masterRoles.join(", ")}`);

    const masterFbas = bytesToFbas(master.sizeBytes);
    const shadowFbas = bytesToFbas(shadow.sizeBytes);
    if (masterFbas < 1) refuse("DSW_EPARTSIZE", `master volume ${req.master} is empty`);
    if (shadowFbas < 1) refuse("DSW_EPARTSIZE", `shadow volume ${req.shadow} is empty`);
    const layout = bitmapLayout(masterFbas);
    const bitmapFbas = Math.floor(bitmap.sizeBytes / FBA_BYTES);
    if (bitmapFbas < layout.minFbas) {
      refuse(
        "DSW_EBMPSIZE",
        `bitmap volume ${req.bitmap} is ${bitmap.sizeBytes} bytes; a ${master.sizeBytes}-byte master needs at least ${layout.minFbas * FBA_BYTES}`,
      );
    }
    const independent = req.type === "ind";
    if (independent && shadowFbas < masterFbas) {
      refuse(
        "DSW_ESHDSIZE",
        `shadow volume ${req.shadow} (${shadow.sizeBytes} bytes) is smaller than master ${req.master} (${master.sizeBytes} bytes)`,
      );
    }
    const requested = req.consistency ?? "auto";
    const decision = await consistencyOfVolumes({
      type: req.type,
      master: master.realPath,
      shadow: shadow.realPath,
      requested,
    });
    if (decision.refusal) refuse("DSW_EINVAL", decision.refusal);
    const instant = decision.mode === "instant" && decision.mechanism !== null;
    // A dependent shadow that is a clone holds only the blocks that differ: it needs no compaction.
    const compact = !independent && !instant && shadowFbas < masterFbas;
    if (compact && bitmapFbas < bitmapLayout(masterFbas, "compact-dependent").minFbas) {
      refuse(
        "DSW_EHDRBMP",
        `bitmap vol too small: ${req.bitmap} needs ${bitmapLayout(masterFbas, "compact-dependent").minFbas * FBA_BYTES} bytes for a compact dependent shadow's index`,
      );
    }

    const generation = newGeneration();
    // The point in time is taken last, once every check has passed: a clone of the master.
    let clone: CloneRecord | null = null;
    let shadowBytes = shadow.sizeBytes;
    if (instant && independent) {
      clone = await takeClone(generation, master.realPath, decision.mechanism!).catch((err: Error) =>
        refuse("DSW_EIO", `master volume ${req.master}: taking the point in time failed: ${err.message}`),
      );
    } else if (instant) {
      // A dependent shadow is itself a clone of the master, readable at once.
      await cloneFile(master.realPath, shadow.realPath, { create: false }).catch((err: Error) =>
        refuse("DSW_EIO", `shadow volume ${req.shadow}: cloning the master into it failed: ${err.message}`),
      );
      await truncate(shadow.realPath, Math.max(shadow.sizeBytes, master.sizeBytes));
      shadowBytes = Math.max(shadow.sizeBytes, master.sizeBytes);
    }
    const shadowFbasNow = bytesToFbas(shadowBytes);
    const chunks = chunkCount(masterFbas);
    const state =
      (independent ? DSW_GOLDEN | DSW_COPYINGP | DSW_COPYINGM : 0) |
      (compact ? DSW_TREEMAP : 0) |
      (shadowFbasNow > masterFbas ? DSW_RESIZED : 0);
    const record: SetRecord = {
      id: generation,
      master: req.master,
      shadow: req.shadow,
      bitmap: req.bitmap,
      mode: independent ? "I" : "D",
      group: req.group ?? "",
      clusterTag: "",
      overflow: "",
      imported: false,
      throttle: { ...DEFAULT_THROTTLE },
      lockPid: 0,
      ...(requested === "scan" ? { consistency: "scan" as const } : {}),
    };
    try {
      const vol = await BitmapVolume.create(bitmap, {
        magic: MAGIC_DIRTY,
        version: 1,
        type: independent ? TYPE_INDEPENDENT : TYPE_DEPENDENT,
        state,
        chunkBytes: CHUNK_BYTES,
        shadowBitmapFba: layout.shadowBitmapFba,
        copyBitmapFba: layout.copyBitmapFba,
        bitmapFbas: layout.bitmapFbas,
        masterFbas,
        shadowFbas: shadowFbasNow,
        generation,
        mtime: Math.floor((clone?.takenAt ?? Date.now()) / 1000),
        exportId: "",
        throttleUnit: DEFAULT_THROTTLE.unit,
        throttleDelay: DEFAULT_THROTTLE.delay,
        masterChunks: chunks,
        shadowChunks: chunkCount(shadowFbasNow),
        masterPath: req.master,
        shadowPath: req.shadow,
        bitmapPath: req.bitmap,
        masterIdentity: master.identity,
        shadowIdentity: shadow.identity,
        bitmapIdentity: bitmap.identity,
        group: record.group,
        clusterTag: "",
      });
      try {
        if (independent) {
          const copy = new Bitmap(chunks);
          copy.setAll();
          await vol.writeBitmap("C", copy);
          await vol.sync();
        }
      } finally {
        await vol.close();
      }
      const digests = await DigestFile.create(digestPath(ctx.stateDir, record.id), generation, chunks);
      await digests.close();
      if (clone) await setPendingClone(ctx.stateDir, record.id, clone);
    } catch (err) {
      // Nothing was enabled: the point in time taken for it holds blocks for nobody.
      if (clone) await rm(clone.path, { force: true });
      throw err;
    }
    config.sets.push(record);
    addVolumeUser(config, req.master, "ii");
    addVolumeUser(config, req.shadow, "ii");
    await dsLog(
      ctx.stateDir,
      `Enabled ${req.type} ${req.master} ${req.shadow} ${req.bitmap}${req.group ? ` group ${req.group}` : ""}`,
    );
    if (independent) {
      afterCommit(() => ctx.launcher.start([record.id]));
    } else if (!instant) {
      ctx.warn(
        `dependent set ${req.shadow}: pitcrew cannot do copy-on-write yet (it needs the write path), so this shadow ` +
          `is not a point-in-time image of the master: it holds data only after a full copy (-c s), and master writes ` +
          `after that copy are not preserved in it. Bitmaps, update and copy behave as in Instant Image. ` +
          `Use an independent set (-e ind) for backups.`,
      );
    }
    return record;
  });
}
