// The steps of a LAN-free backup run (docs/architecture.md §5) and the jobs each one issues. A
// step's jobs are planned when the step starts, from the hosts' inventories at that moment, so a
// step resumed after a failure issues only what is still missing (a shadow already exported is
// not exported again). Pure: the console's run driver (server/runbooks) stores and issues them.
import type { Inventory } from "./agent-protocol";
import { DSW_SHDEXPORT, DSW_SHDIMPORT } from "./dsw-flags";
import type { JobKind } from "./job-types";
import type { RunbookSetPlan } from "./runbook-placement";
import type { RunbookSpec } from "./runbook-spec";

export const runbookStepKeys = [
  "prepare",
  "quiesce",
  "update",
  "resume",
  "export",
  "import",
  "backup",
  "release",
  "rejoin",
  "resync",
] as const;
export type RunbookStepKey = (typeof runbookStepKeys)[number];

export const runbookStepInfo: Record<RunbookStepKey, { title: string; on: "production" | "backup"; what: string }> = {
  prepare: {
    title: "Enable missing sets",
    on: "production",
    what: "enables the runbook's sets that the group does not have yet (full copy)",
  },
  quiesce: {
    title: "Quiesce",
    on: "production",
    what: "runs the quiesce hook; the agent thaws by itself when the freeze budget runs out",
  },
  update: {
    title: "Point in time",
    on: "production",
    what: "takes the point in time (a clone of each instant set's master) and updates the group's shadows (only changed chunks) from it",
  },
  resume: {
    title: "Resume",
    on: "production",
    what: "runs the resume hook (as soon as every set's clone exists; after the copy when a set scans) and records how long the application was frozen",
  },
  export: {
    title: "Export and deport",
    on: "production",
    what: "exports the shadows, takes them out of sv, stops and deports the snapshot disk group",
  },
  import: {
    title: "Import on backup host",
    on: "backup",
    what: "imports the snapshot disk group, starts its volumes, imports each shadow with its secondary bitmap, sv enable",
  },
  backup: {
    title: "Backup",
    on: "backup",
    what: "archives the shadows with a SHA-256 manifest and verifies them, or runs the backup hook",
  },
  release: {
    title: "Release",
    on: "backup",
    what: "disables the imported sets (their bitmaps record what the backup host wrote), sv disable, deport",
  },
  rejoin: {
    title: "Rejoin",
    on: "production",
    what: "imports the snapshot disk group, joins each shadow with its secondary bitmap, sv enable",
  },
  resync: {
    title: "Resync",
    on: "production",
    what: "quiesces, updates only the chunks changed on either host, resumes",
  },
};

/** The steps a runbook's runs go through, in order. */
export function runbookStepSequence(spec: Pick<RunbookSpec, "quiesceHook" | "resyncAfterJoin">): RunbookStepKey[] {
  return runbookStepKeys.filter((k) => {
    if (k === "quiesce" || k === "resume") return spec.quiesceHook !== null;
    if (k === "resync") return spec.resyncAfterJoin;
    return true;
  });
}

/** Steps that share one freeze: a failure in any of them resumes from the first (the freeze has ended). */
const FREEZE_WINDOW: readonly RunbookStepKey[] = ["quiesce", "update", "resume"];

/** Where a resumed run starts again after `failed` failed. */
export function resumeStepKey(sequence: readonly RunbookStepKey[], failed: RunbookStepKey): RunbookStepKey {
  if (FREEZE_WINDOW.includes(failed)) return sequence.find((k) => FREEZE_WINDOW.includes(k)) ?? failed;
  return failed;
}

/** The steps that bring a cancelled run's shadows home (server/runbooks/rejoin-run.ts). */
export const rejoinStepKeys: readonly RunbookStepKey[] = ["release", "rejoin"];

/**
 * Whether a run with these steps may have left its shadows away from the production host: it
 * started the export (exported shadows, the snapshot disk group deported or on the backup host).
 */
export function runLeftProduction(stepKeys: readonly string[]): boolean {
  const from = runbookStepKeys.indexOf("export");
  return stepKeys.some((k) => runbookStepKeys.indexOf(k as RunbookStepKey) >= from);
}

export interface RunbookAction {
  host: string;
  kind: JobKind;
  args: Record<string, unknown>;
  /** What the timeline shows, e.g. "export the shadows of Backup1". */
  label: string;
}

export interface StepPlanContext {
  spec: RunbookSpec;
  sets: readonly RunbookSetPlan[];
  production: Inventory;
  backup: Inventory;
  /** The archive's directory name under the target (built-in backup). */
  archiveLabel: string;
  pointInTime: string | null;
  /** Older built-in archives to delete after this one is verified (keepArchives). */
  expiredArchives: readonly { targetDir: string; label: string }[];
  /** Rejoin without the backup host (gone for good): take the disk group over, join without its record. */
  withoutBackupHost?: boolean;
}

const dgOf = (inv: Inventory, name: string) => inv.diskGroups.find((g) => g.name === name);

function freezeActions(spec: RunbookSpec, host: string, inner: RunbookAction[]): RunbookAction[] {
  if (spec.quiesceHook === null || spec.resumeHook === null) return inner;
  return [
    {
      host,
      kind: "hook.run",
      args: {
        hook: spec.quiesceHook,
        purpose: "quiesce",
        resumeHook: spec.resumeHook,
        freezeBudgetSeconds: spec.freezeBudgetSeconds,
      },
      label: `quiesce (hook ${spec.quiesceHook})`,
    },
    ...inner,
    {
      host,
      kind: "hook.run",
      args: { hook: spec.resumeHook, purpose: "resume" },
      label: `resume (hook ${spec.resumeHook})`,
    },
  ];
}

function updateAction(spec: RunbookSpec): RunbookAction {
  return {
    host: spec.productionHost,
    kind: "set.copy",
    args: { target: { kind: "group", group: spec.group }, direction: "s", full: false },
    label: `update the shadows of ${spec.group} (iiadm -g ${spec.group} -u s)`,
  };
}

/**
 * Takes the disk group in on `host`: import unless that host already holds it, then start its
 * volumes. `takeOver` clears another host's lock (vxdg import -C): only for a host gone for good.
 */
function takeDiskGroup(inv: Inventory, host: string, D: string, takeOver = false): RunbookAction[] {
  const actions: RunbookAction[] = [];
  const owner = dgOf(inv, D)?.owner ?? null;
  if (owner !== host) {
    actions.push(
      takeOver && owner !== null
        ? {
            host,
            kind: "dg.import",
            args: { diskGroup: D, clearLock: true },
            label: `import disk group ${D}, clearing host ${owner}'s lock (vxdg import -C)`,
          }
        : { host, kind: "dg.import", args: { diskGroup: D }, label: `import disk group ${D}` },
    );
  }
  actions.push({ host, kind: "dg.startall", args: { diskGroup: D }, label: `start the volumes of ${D}` });
  return actions;
}

/** Lets the disk group go from `host`: sv disable, stop its volumes, deport. */
function releaseDiskGroup(inv: Inventory, host: string, D: string, shadows: readonly string[]): RunbookAction[] {
  const actions: RunbookAction[] = [];
  const underSv = shadows.filter((s) => inv.svVolumes.includes(s));
  if (underSv.length)
    actions.push({
      host,
      kind: "sv.disable",
      args: { volumes: underSv },
      label: `svadm -d ${underSv.length} shadow(s)`,
    });
  const dg = dgOf(inv, D);
  if (dg?.volumesStarted)
    actions.push({ host, kind: "dg.stopall", args: { diskGroup: D }, label: `stop the volumes of ${D}` });
  if (dg?.owner === host)
    actions.push({ host, kind: "dg.deport", args: { diskGroup: D }, label: `deport disk group ${D}` });
  return actions;
}

/** The shadows' paths as the backup host sees them (the same disk-group volume names). */
function pathsOn(inv: Inventory, refs: readonly string[]): string[] {
  return refs.map((ref) => {
    const [dg, vol] = ref.split("/");
    return inv.diskGroups.find((g) => g.name === dg)?.volumes.find((v) => v.name === vol)?.path ?? ref;
  });
}

export function planRunbookStep(key: RunbookStepKey, c: StepPlanContext): RunbookAction[] {
  const { spec } = c;
  const P = spec.productionHost;
  const B = spec.backupHost;
  const D = spec.snapshotDiskGroup;
  switch (key) {
    case "prepare":
      return c.sets
        .filter((s) => !s.enabled)
        .map((s) => ({
          host: P,
          kind: "set.enable",
          args: { type: "ind", master: s.master, shadow: s.shadow, bitmap: s.bitmap, group: spec.group },
          label: `enable ${s.master} → ${s.shadow} in ${spec.group} (full copy)`,
        }));
    case "quiesce":
      return freezeActions(spec, P, []).slice(0, 1);
    case "update":
      return [updateAction(spec)];
    case "resume":
      return freezeActions(spec, P, []).slice(1);
    case "export": {
      const onP = new Map(c.production.sets.map((s) => [s.shadow, s]));
      const toExport = c.sets.filter((s) => !((onP.get(s.shadow)?.flags ?? 0) & DSW_SHDEXPORT)).map((s) => s.shadow);
      const actions: RunbookAction[] = [];
      if (toExport.length) {
        actions.push({
          host: P,
          kind: "set.export",
          args: { target: { kind: "sets", sets: toExport } },
          label: `export ${toExport.length} shadow(s) of ${spec.group} (iiadm -E)`,
        });
      }
      return [
        ...actions,
        ...releaseDiskGroup(
          c.production,
          P,
          D,
          c.sets.map((s) => s.shadow),
        ),
      ];
    }
    case "import": {
      const shadowsOnB = pathsOn(
        c.backup,
        c.sets.map((s) => s.shadowRef),
      );
      const importedOnB = new Map(c.backup.sets.filter((s) => s.flags & DSW_SHDIMPORT).map((s) => [s.shadow, s]));
      const onP = new Map(c.production.sets.map((s) => [s.shadow, s]));
      const actions = takeDiskGroup(c.backup, B, D);
      c.sets.forEach((s, i) => {
        const onB = importedOnB.get(shadowsOnB[i]!);
        // An import from an earlier export (left by a run brought home without this host) is
        // replaced by the engine's import; one of this export (a resumed step) is kept.
        const exportId = onP.get(s.shadow)?.exportId ?? "";
        const earlier = onB !== undefined && onB.exportId !== "" && exportId !== "" && onB.exportId !== exportId;
        if (!onB || earlier) {
          const label = `import shadow ${s.shadowRef} with ${s.secondaryBitmapRef} (iiadm -I)${earlier ? ", replacing its import of an earlier export" : ""}`;
          actions.push({
            host: B,
            kind: "set.import",
            args: { shadow: s.shadowRef, bitmap: s.secondaryBitmapRef },
            label,
          });
        }
      });
      const notUnderSv = c.sets.filter((_, i) => !c.backup.svVolumes.includes(shadowsOnB[i]!)).map((s) => s.shadowRef);
      if (notUnderSv.length)
        actions.push({
          host: B,
          kind: "sv.enable",
          args: { volumes: notUnderSv },
          label: `svadm -e ${notUnderSv.length} shadow(s)`,
        });
      return actions;
    }
    case "backup": {
      if (spec.backup.kind === "hook") {
        return [
          {
            host: B,
            kind: "hook.run",
            args: { hook: spec.backup.hook, purpose: "run" },
            label: `backup hook ${spec.backup.hook}`,
          },
        ];
      }
      if (spec.backup.kind === "tape") {
        return [
          {
            host: B,
            kind: "archive.tape",
            args: {
              volumes: c.sets.map((s) => s.shadowRef),
              device: spec.backup.device,
              label: c.archiveLabel,
              pointInTime: c.pointInTime,
            },
            label: `write ${c.sets.length} shadow(s) to tape ${spec.backup.device} as ${c.archiveLabel} and verify them`,
          },
        ];
      }
      const targetDir = spec.backup.targetDir;
      return [
        {
          host: B,
          kind: "archive.create",
          args: {
            volumes: c.sets.map((s) => s.shadowRef),
            targetDir,
            label: c.archiveLabel,
            pointInTime: c.pointInTime,
          },
          label: `archive ${c.sets.length} shadow(s) to ${targetDir}/${c.archiveLabel} and verify them`,
        },
        ...c.expiredArchives.map((a) => ({
          host: B,
          kind: "archive.delete" as const,
          args: { targetDir: a.targetDir, label: a.label },
          label: `delete archive ${a.targetDir}/${a.label} (keepArchives ${spec.keepArchives})`,
        })),
      ];
    }
    case "release": {
      const shadowsOnB = pathsOn(
        c.backup,
        c.sets.map((s) => s.shadowRef),
      );
      const imported = new Set(c.backup.sets.filter((s) => s.flags & DSW_SHDIMPORT).map((s) => s.shadow));
      const toDisable = shadowsOnB.filter((s) => imported.has(s));
      const actions: RunbookAction[] = [];
      if (toDisable.length) {
        actions.push({
          host: B,
          kind: "set.disable",
          args: { target: { kind: "sets", sets: toDisable } },
          label: `disable ${toDisable.length} imported set(s); their bitmaps record what ${B} wrote`,
        });
      }
      return [...actions, ...releaseDiskGroup(c.backup, B, D, shadowsOnB)];
    }
    case "rejoin": {
      const onP = new Map(c.production.sets.map((s) => [s.shadow, s]));
      const forced = c.withoutBackupHost === true;
      const actions = takeDiskGroup(c.production, P, D, forced);
      for (const s of c.sets) {
        if ((onP.get(s.shadow)?.flags ?? 0) & DSW_SHDEXPORT) {
          // Always -n: a secondary bitmap the backup host did not disable (it never imported the
          // shadow, or is gone) must not strand the shadow exported; the engine then joins
          // without it and has the next update scan the whole shadow, so nothing is missed.
          actions.push({
            host: P,
            kind: "set.join",
            args: { shadow: s.shadowRef, bitmap: s.secondaryBitmapRef, force: true },
            label: forced
              ? `join shadow ${s.shadowRef} with ${s.secondaryBitmapRef} without ${spec.backupHost}'s record (iiadm -n -J; the next update scans it)`
              : `join shadow ${s.shadowRef} with ${s.secondaryBitmapRef} (iiadm -n -J)`,
          });
        }
      }
      const notUnderSv = c.sets.filter((s) => !c.production.svVolumes.includes(s.shadow)).map((s) => s.shadowRef);
      if (notUnderSv.length)
        actions.push({
          host: P,
          kind: "sv.enable",
          args: { volumes: notUnderSv },
          label: `svadm -e ${notUnderSv.length} shadow(s)`,
        });
      return actions;
    }
    case "resync":
      return freezeActions(spec, P, [updateAction(spec)]);
  }
}
