// What would make an agent refuse a disk-group action (docs/instant-image.md §8.1–§8.4), worked out from
// the inventory before the request is sent, so a confirmation dialog can say "deport is blocked:
// vol03 is enabled in set … as master" instead of letting the operator find out one refusal at a
// time. The agent checks again and refuses anyway: the inventory may be a few seconds old, and
// mounts are not in it.

export interface DiskGroupForActions {
  name: string;
  /** The holder of the import lock, or null when deported. */
  owner: string | null;
  volumesStarted: boolean;
  damaged: string | null;
  volumes: { name: string; usedBy: { host: string; reason: string }[] }[];
}

export interface ActionCheck {
  /** Reasons the agent will refuse. */
  blockers: string[];
  /** Things the operator should know that do not stop the action. */
  warnings: string[];
}

export type DiskGroupAction = "deport" | "startall" | "stopall" | "import" | "create-volume";

const actionWords: Record<DiskGroupAction, string> = {
  deport: "deport",
  startall: "start all",
  stopall: "stop all",
  import: "import",
  "create-volume": "create volume",
};

function damaged(dg: DiskGroupForActions): string[] {
  return dg.damaged ? [`disk group ${dg.name} is damaged: ${dg.damaged}`] : [];
}

function heldBy(dg: DiskGroupForActions, host: string): string[] {
  if (dg.owner === host) return [];
  return [
    dg.owner === null
      ? `disk group ${dg.name} is deported: import it on ${host} first`
      : `disk group ${dg.name} is held by ${dg.owner}, not ${host}`,
  ];
}

/**
 * Volumes `host` holds open: only the host that runs the job counts them (its own sets, sv),
 * the way the agent does. What other hosts report is a warning: it should not happen.
 */
function busyVolumes(dg: DiskGroupForActions, host: string): ActionCheck {
  const blockers: string[] = [];
  const warnings: string[] = [];
  for (const volume of dg.volumes) {
    for (const use of volume.usedBy) {
      if (use.host === host) blockers.push(`${volume.name} is ${use.reason}`);
      else warnings.push(`${use.host} reports ${volume.name} ${use.reason}`);
    }
  }
  return { blockers, warnings };
}

function prefixed(action: DiskGroupAction, check: ActionCheck): ActionCheck {
  return { blockers: check.blockers.map((b) => `${actionWords[action]} is blocked: ${b}`), warnings: check.warnings };
}

/** Checks `action` on `host` (for deport, startall, stopall and create-volume, the holder). */
export function checkDiskGroupAction(
  dg: DiskGroupForActions,
  action: DiskGroupAction,
  host: string,
  opts: { clearLock?: boolean } = {},
): ActionCheck {
  const blockers = damaged(dg);
  const warnings: string[] = [];
  switch (action) {
    case "deport":
    case "stopall": {
      blockers.push(...heldBy(dg, host));
      if (dg.owner === host) {
        const busy = busyVolumes(dg, host);
        blockers.push(...busy.blockers);
        warnings.push(...busy.warnings);
      }
      if (action === "stopall" && dg.owner === host && !dg.volumesStarted)
        warnings.push(`the volumes of ${dg.name} are already stopped`);
      break;
    }
    case "startall":
      blockers.push(...heldBy(dg, host));
      if (dg.owner === host && dg.volumesStarted) warnings.push(`the volumes of ${dg.name} are already started`);
      break;
    case "create-volume":
      blockers.push(...heldBy(dg, host));
      break;
    case "import":
      if (dg.owner === host) warnings.push(`${host} already holds ${dg.name}: importing again changes nothing`);
      else if (dg.owner !== null && !opts.clearLock)
        blockers.push(`disk group ${dg.name} is held by ${dg.owner}: deport it there, or clear its lock`);
      else if (dg.owner !== null) {
        warnings.push(
          `clears the import lock of ${dg.owner}: if ${dg.owner} is still running and using ${dg.name}, both hosts write to the same volumes and corrupt them`,
        );
      }
      break;
  }
  return prefixed(action, { blockers, warnings });
}

const objectNamePattern = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;

/** Why `name` cannot be a new disk group (or volume), or null: the agent's naming rule and no clash. */
export function newNameProblem(
  kind: "disk group" | "volume",
  name: string,
  existing: readonly string[],
): string | null {
  if (!name) return `${kind} name is required`;
  if (!objectNamePattern.test(name)) return `${kind} name: 1–64 letters, digits, . _ - (not starting with .)`;
  if (existing.includes(name)) return `${kind} ${name} already exists`;
  return null;
}
