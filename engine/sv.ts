// The storage-volume layer's bookkeeping (docs/instant-image.md §7.2, docs/architecture.md §2 "sv"): a volume is
// "under sv" while the user "sv" is among its users in the configuration, next to II's "ii".
// Users are counted per volume, so a shadow an administrator put under sv stays under sv when
// II lets go of it on export, and must be released with svadm -d before its disk group can be
// deported (§7.3). Version 1 only records the users; the write path comes with the agent.
import { realpath } from "node:fs/promises";
import { addVolumeUser, removeVolumeUser, type EngineConfig } from "./config-store";
import { assertVolumeUsable } from "./disk-group-of-volume";
import type { EngineContext } from "./engine-context";
import { EngineError } from "./engine-error";
import { IMPORTED_MASTER } from "./open-set";
import { dsLog } from "./ds-log";
import { volumeInfo } from "./volume";

export type SvContext = Pick<EngineContext, "stateDir" | "config" | "warn" | "hostName">;

const SV = "sv";

/** Matches configuration paths naming the same volume as `p`: the same path, or the same file after symlinks. */
async function sameVolumeAs(p: string): Promise<(other: string) => Promise<boolean>> {
  const real = await realpath(p).catch(() => null);
  return async (other) =>
    other === p || (real !== null && other !== IMPORTED_MASTER && (await realpath(other).catch(() => null)) === real);
}

async function usersMatching(config: EngineConfig, same: (other: string) => Promise<boolean>): Promise<string[]> {
  const users = new Set<string>();
  for (const [vol, list] of Object.entries(config.volumeUsers)) {
    if (await same(vol)) for (const u of list) users.add(u);
  }
  return [...users];
}

/** Puts volumes under sv (svadm -e). All are checked first: one bad volume enables none. */
export async function svEnable(ctx: SvContext, volumePaths: readonly string[]): Promise<string[]> {
  const paths = [...new Set(volumePaths)];
  for (const p of paths) {
    if (!p) throw new EngineError("SV_ENODEV", "volume name is empty");
    // svadm refuses anything but a device; pitcrew's volumes are block devices or regular files.
    await volumeInfo(p).catch((err: Error) => {
      throw new EngineError("SV_ENODEV", `${err.message}: unable to enable`);
    });
    await assertVolumeUsable(p, { host: ctx.hostName, role: "volume" });
  }
  const enabled = await ctx.config.update((config) => {
    const added: string[] = [];
    for (const p of paths) {
      if (config.volumeUsers[p]?.includes(SV)) {
        ctx.warn(`${p}: already enabled under sv`); // SV_EENABLED, which svadm tolerates
        continue;
      }
      addVolumeUser(config, p, SV);
      added.push(p);
    }
    return added;
  });
  for (const p of enabled) await dsLog(ctx.stateDir, `enabled ${p}`, "sv");
  return enabled;
}

/** Takes volumes out of sv (svadm -d). A volume not under sv is a warning, as in svadm. */
export async function svDisable(ctx: SvContext, volumePaths: readonly string[]): Promise<string[]> {
  const paths = [...new Set(volumePaths)];
  const disabled = await ctx.config.update((config) => {
    const removed: string[] = [];
    for (const p of paths) {
      if (!config.volumeUsers[p]?.includes(SV)) {
        ctx.warn(`${p}: not enabled under sv (was not found in the config storage)`);
        continue;
      }
      removeVolumeUser(config, p, SV);
      removed.push(p);
    }
    return removed;
  });
  for (const p of disabled) await dsLog(ctx.stateDir, `disabled ${p}`, "sv");
  return disabled;
}

/** The volumes under sv, sorted (svadm with no operand). */
export async function svList(ctx: Pick<SvContext, "config">): Promise<string[]> {
  const config = await ctx.config.read();
  return Object.entries(config.volumeUsers)
    .filter(([, users]) => users.includes(SV))
    .map(([p]) => p)
    .sort();
}

/** Every user ("ii", "sv", …) of the volume `p` names, under any path that names it. */
export async function volumeUsers(ctx: Pick<SvContext, "config">, p: string): Promise<string[]> {
  return usersMatching(await ctx.config.read(), await sameVolumeAs(p));
}

/**
 * Why this host holds the volume open, or null: the inUse callback of deportDiskGroup and
 * stopAll. An exported shadow is free (export dropped II's user), unless it is still under sv.
 */
export async function volumeInUseReason(ctx: Pick<SvContext, "config">, p: string): Promise<string | null> {
  const config = await ctx.config.read();
  const same = await sameVolumeAs(p);
  const reasons: string[] = [];
  for (const set of config.sets) {
    for (const role of ["master", "shadow", "bitmap", "overflow"] as const) {
      const v = set[role];
      if (!v || v === IMPORTED_MASTER || !(await same(v))) continue;
      if (role === "shadow" && !config.volumeUsers[set.shadow]?.includes("ii")) continue;
      reasons.push(`enabled in set ${set.shadow} as ${role}`);
    }
  }
  const users = await usersMatching(config, same);
  if (users.includes(SV)) reasons.push("under sv");
  for (const u of users.filter((x) => x !== "ii" && x !== SV)) reasons.push(`in use by ${u}`);
  return reasons.length ? reasons.join(", ") : null;
}
