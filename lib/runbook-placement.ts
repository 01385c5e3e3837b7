// The placement check of a LAN-free runbook (issue 6; the seed's step 2): the snapshot disk group
// travels to the backup host whole, so it must hold the group's shadows and their secondary
// bitmaps and nothing else, and no master or primary bitmap may sit in it. Run before every run
// and shown live in the runbook form. Pure: it reads the production host's inventory only.
import type { Inventory } from "./agent-protocol";
import { minBitmapBytes } from "./bitmap-size";
import { DSW_SHDEXPORT } from "./dsw-flags";
import { resolveVolumeRef } from "./resolve-volume-ref";
import type { RunbookSpec } from "./runbook-spec";

/** One set of the runbook's group as the run will drive it. Volumes are paths on the production host. */
export interface RunbookSetPlan {
  master: string;
  shadow: string;
  bitmap: string;
  /** The shadow and its secondary bitmap as "dg/vol", which every host resolves against its own view. */
  shadowRef: string;
  secondaryBitmapRef: string;
  /** False when the set still has to be enabled in the group (a runbook's first run). */
  enabled: boolean;
}

export interface PlacementCheck {
  problems: string[];
  sets: RunbookSetPlan[];
  /** The host holding the snapshot disk group as the production host sees it (null: deported). */
  holder: string | null;
}

type Spec = Pick<RunbookSpec, "group" | "productionHost" | "snapshotDiskGroup" | "sets">;

export function checkRunbookPlacement(spec: Spec, inventory: Inventory): PlacementCheck {
  const problems: string[] = [];
  const host = spec.productionHost;
  const D = spec.snapshotDiskGroup;
  const dg = inventory.diskGroups.find((g) => g.name === D);
  if (!dg) {
    const seen = inventory.diskGroups.map((g) => g.name).join(", ") || "none";
    return {
      problems: [`snapshotDiskGroup: disk group ${D} is not seen by host ${host} (it sees: ${seen})`],
      sets: [],
      holder: null,
    };
  }
  if (dg.damaged) problems.push(`snapshotDiskGroup: disk group ${D} is damaged: ${dg.damaged}`);
  const inD = new Map(dg.volumes.map((v) => [v.path, v]));
  const volumeSize = (p: string) =>
    inventory.diskGroups.flatMap((g) => g.volumes).find((v) => v.path === p)?.sizeBytes ?? null;

  const plans: RunbookSetPlan[] = [];
  const claimed = new Set<string>();
  const addPlan = (
    set: { master: string; shadow: string; bitmap: string; masterBytes: number | null },
    secondary: string | undefined,
    enabled: boolean,
    where: string,
  ) => {
    const shadowVol = inD.get(set.shadow);
    if (!shadowVol) {
      problems.push(
        `${where}: shadow ${set.shadow} is not in snapshot disk group ${D}; only what is in ${D} reaches the backup host`,
      );
      return;
    }
    if (inD.has(set.master))
      problems.push(
        `${where}: master ${set.master} is in snapshot disk group ${D}; it must stay with the application on ${host}`,
      );
    if (inD.has(set.bitmap))
      problems.push(
        `${where}: bitmap ${set.bitmap} is in snapshot disk group ${D}; the primary bitmap stays on ${host} (the secondary one travels)`,
      );
    const secondaryRef = secondary ?? `${D}/${shadowVol.name}.bmp`;
    const resolved = resolveVolumeRef(inventory, secondaryRef);
    let secondaryBitmapRef = secondaryRef;
    if (!resolved.ok) {
      problems.push(`${where}: secondary bitmap ${secondaryRef} for shadow ${set.shadow}: ${resolved.reason}`);
    } else {
      const vol = inD.get(resolved.path);
      if (!vol) {
        problems.push(`${where}: secondary bitmap ${resolved.path} is not in snapshot disk group ${D}`);
      } else {
        secondaryBitmapRef = `${D}/${vol.name}`;
        claimed.add(vol.path);
        const need = set.masterBytes === null ? null : minBitmapBytes(set.masterBytes);
        if (need !== null && vol.sizeBytes < need) {
          problems.push(
            `${where}: secondary bitmap ${secondaryBitmapRef} is ${vol.sizeBytes} bytes; master ${set.master} needs at least ${need}`,
          );
        }
        if ([set.shadow, set.master, set.bitmap].includes(vol.path)) {
          problems.push(`${where}: secondary bitmap ${secondaryBitmapRef} is also a volume of the set`);
        }
      }
    }
    claimed.add(set.shadow);
    plans.push({
      master: set.master,
      shadow: set.shadow,
      bitmap: set.bitmap,
      shadowRef: `${D}/${shadowVol.name}`,
      secondaryBitmapRef,
      enabled,
    });
  };

  const groupSets = inventory.sets.filter((s) => s.group === spec.group);
  for (const s of groupSets) {
    const listed = spec.sets.find((l) => pathOf(inventory, l.shadow) === s.shadow);
    addPlan(
      { master: s.master, shadow: s.shadow, bitmap: s.bitmap, masterBytes: s.sizeFbas * 512 },
      listed?.secondaryBitmap,
      true,
      `set ${s.shadow}`,
    );
    if (s.flags & DSW_SHDEXPORT) {
      // A cancelled run cannot be resumed: say how its shadows come back, with the console or by hand.
      const secondary = plans.find((p) => p.shadow === s.shadow)?.secondaryBitmapRef ?? `${D}/<secondary bitmap>`;
      problems.push(
        `group: set ${s.shadow} of ${spec.group} is exported; an earlier run did not rejoin it ` +
          `(resume that run if it failed; if it was cancelled, bring its shadows home: "Bring shadows home" on the run's page, or pitcrew runbook rejoin RUN; ` +
          `by hand, with ${D} imported on ${host}: pitcrew iiadm -H ${host} -J ${s.shadow} ${secondary})`,
      );
    }
  }
  spec.sets.forEach((l, i) => {
    const where = `sets.${i}`;
    const paths = (["master", "shadow", "bitmap"] as const).map((field) => {
      const r = resolveVolumeRef(inventory, l[field]);
      if (!r.ok) problems.push(`${where}.${field}: ${l[field]} on host ${host}: ${r.reason}`);
      return r.ok ? r.path : null;
    });
    const [master, shadow, bitmap] = paths;
    if (!master || !shadow || !bitmap) return;
    if (groupSets.some((s) => s.shadow === shadow)) return; // already enabled: planned above
    const other = inventory.sets.find((s) => s.shadow === shadow);
    if (other) {
      problems.push(
        `${where}.shadow: ${shadow} is already the shadow of a set in ${other.group ? `group ${other.group}` : "no group"}, not ${spec.group}`,
      );
      return;
    }
    addPlan({ master, shadow, bitmap, masterBytes: volumeSize(master) }, l.secondaryBitmap, false, where);
  });
  if (plans.length === 0 && problems.length === 0) {
    problems.push(
      `group: I/O group ${spec.group} has no sets on host ${host}, and the runbook lists none to enable (sets)`,
    );
  }
  for (const v of dg.volumes) {
    if (!claimed.has(v.path)) {
      problems.push(
        `snapshotDiskGroup: ${D}/${v.name} is neither a shadow of group ${spec.group} nor its secondary bitmap; ` +
          `${D} travels to the backup host whole, so it must hold nothing else`,
      );
    }
  }
  return { problems, sets: plans, holder: dg.owner };
}

function pathOf(inventory: Inventory, ref: string): string | null {
  const r = resolveVolumeRef(inventory, ref);
  return r.ok ? r.path : null;
}
