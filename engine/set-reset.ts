// Reset (-R, docs/instant-image.md §6.5): after a volume went offline, clear the offline bits and
// start over: C := all ones, S := 0; an independent set starts a full copy in the direction the
// failure requires, a dependent set gets a fresh point in time. Nothing offline: a no-op. An
// unusable bitmap header is refused, pointing to disable (cannotReset says why).
import {
  DSW_COPY_FLAGS,
  DSW_COPYINGM,
  DSW_COPYINGP,
  DSW_COPYINGS,
  DSW_GOLDEN,
  DSW_MSTOFFLINE,
  DSW_OFFLINE,
  DSW_SHDOFFLINE,
} from "@/lib/dsw-flags";
import { STATE_SCAN_PENDING } from "./bitmap-header";
import type { SetRecord } from "./config-store";
import { dsLog } from "./ds-log";
import type { EngineContext } from "./engine-context";
import { EngineError } from "./engine-error";
import { withOpenSet } from "./open-set";
import { isUnusableBitmap } from "./set-disable-damaged";
import { resolveTarget, type SetTarget } from "./set-target";

/**
 * Reset does not rebuild a bitmap whose header is unusable. II writes a fresh header when its
 * bitmap device failed (§6.5), but II still knew the set in memory; here the header is the only
 * record of the copy direction and of the volumes' identities, so a rebuilt one would be a
 * guess. Disable works whatever the bitmap's state, and a new enable copies everything.
 */
function cannotReset(record: SetRecord, damage: EngineError): EngineError {
  return new EngineError(
    "DSW_EHDRBMP",
    `${record.shadow}: can't reset: ${damage.message}; disable the set (-d works with a damaged bitmap) ` +
      "and enable it again (-e), which copies the whole master",
    "Reset failed",
  );
}

export async function resetSets(ctx: EngineContext, target: SetTarget): Promise<void> {
  await ctx.config.update(async (config, afterCommit) => {
    const toCopy: string[] = [];
    for (const record of resolveTarget(config, target)) {
      await withOpenSet(record, { write: true }, async (set) => {
        const state = set.bitmap.header.state;
        if (!(state & DSW_OFFLINE)) return;
        let next = state & ~DSW_OFFLINE & ~DSW_COPY_FLAGS & ~STATE_SCAN_PENDING;
        const C = await set.bitmap.readBitmap("C");
        const S = await set.bitmap.readBitmap("S");
        S.clearAll();
        if (state & DSW_GOLDEN && !record.imported) {
          C.setAll();
          const toMaster = (state & DSW_MSTOFFLINE) !== 0 && !(state & DSW_SHDOFFLINE);
          next |= DSW_COPYINGP | (toMaster ? DSW_COPYINGS : DSW_COPYINGM);
          toCopy.push(record.id);
        } else {
          C.clearAll();
        }
        await set.bitmap.writeBitmap("C", C);
        await set.bitmap.writeBitmap("S", S);
        await set.bitmap.sync();
        await set.bitmap.writeHeader({ state: next, mtime: Math.floor(Date.now() / 1000) });
        await dsLog(ctx.stateDir, `Start reset ${record.shadow}`);
      }).catch((err: unknown) => {
        throw isUnusableBitmap(err) ? cannotReset(record, err as EngineError) : err;
      });
    }
    if (toCopy.length) afterCommit(() => ctx.launcher.start(toCopy));
  });
}
