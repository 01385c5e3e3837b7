"use client";
// Deport, start all and stop all (vxdg deport, vxvol startall/stopall; docs/instant-image.md §8.2, §8.4):
// jobs on the host holding the group.
import { useMutation } from "@tanstack/react-query";
import type { DiskGroupData } from "@/app/(console)/disk-groups/[name]/_components/disk-group-output";
import { type FinishedJob, StorageActionDialog } from "@/app/(console)/disk-groups/_components/storage-action-dialog";
import { checkDiskGroupAction } from "@/lib/disk-group-blockers";
import { useTRPC } from "@/trpc/client";

export type HolderAction = "deport" | "startall" | "stopall";

const labels: Record<HolderAction, string> = {
  deport: "Deport",
  startall: "Start all volumes",
  stopall: "Stop all volumes",
};

export function HolderActionDialog({
  action,
  dg,
  onClose,
  onSucceeded,
}: {
  action: HolderAction;
  dg: DiskGroupData;
  onClose: () => void;
  onSucceeded: (job: FinishedJob) => void;
}) {
  const trpc = useTRPC();
  const deport = useMutation(trpc.diskGroup.deport.mutationOptions());
  const startAll = useMutation(trpc.diskGroup.startAll.mutationOptions());
  const stopAll = useMutation(trpc.diskGroup.stopAll.mutationOptions());
  const host = dg.owner ?? "";
  const input = { host, diskGroup: dg.name };
  const run = { deport: deport.mutateAsync, startall: startAll.mutateAsync, stopall: stopAll.mutateAsync }[action];
  const volumes = `${dg.volumes.length} volume(s)`;

  return (
    <StorageActionDialog
      title={`${labels[action]}: ${dg.name} on ${host}?`}
      confirmLabel={labels[action]}
      destructive={action !== "startall"}
      check={checkDiskGroupAction(dg, action, host)}
      start={host ? () => run(input) : null}
      onClose={onClose}
      onSucceeded={onSucceeded}
    >
      {action === "deport" && (
        <p>
          The agent on <strong>{host}</strong> releases its import lock on <strong>{dg.name}</strong> and closes its{" "}
          {volumes}. Nobody holds the group afterwards, so another host can import it. Refused while any volume is in a
          set, under sv or mounted on {host}.
        </p>
      )}
      {action === "startall" && (
        <p>
          The agent on <strong>{host}</strong> checks and opens all {volumes} of <strong>{dg.name}</strong>, so sets can
          use them.
        </p>
      )}
      {action === "stopall" && (
        <p>
          The agent on <strong>{host}</strong> closes all {volumes} of <strong>{dg.name}</strong>; the group stays
          imported there. Refused while any volume is in a set, under sv or mounted on {host}.
        </p>
      )}
    </StorageActionDialog>
  );
}
