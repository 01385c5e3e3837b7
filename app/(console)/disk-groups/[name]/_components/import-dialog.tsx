"use client";
// vxdg import [-C] (docs/instant-image.md §8.3) on a host the operator picks. Clearing another host's
// lock is the dangerous variant: it gets its own warning and a typed confirmation of the group name.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { DiskGroupData } from "@/app/(console)/disk-groups/[name]/_components/disk-group-output";
import { FormField, inputClass } from "@/app/(console)/disk-groups/_components/form-field";
import { type FinishedJob, StorageActionDialog } from "@/app/(console)/disk-groups/_components/storage-action-dialog";
import { checkDiskGroupAction } from "@/lib/disk-group-blockers";
import { useTRPC } from "@/trpc/client";

export function ImportDialog({
  dg,
  onClose,
  onSucceeded,
}: {
  dg: DiskGroupData;
  onClose: () => void;
  onSucceeded: (job: FinishedJob) => void;
}) {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.host.list.queryOptions());
  const importGroup = useMutation(trpc.diskGroup.import.mutationOptions());
  // Hosts that see the group first; the holder last, as importing there changes nothing.
  const names = [...new Set([...dg.views.map((v) => v.host), ...(hosts.data?.map((h) => h.name) ?? [])])].sort(
    (a, b) => Number(a === dg.owner) - Number(b === dg.owner),
  );
  const [picked, setPicked] = useState("");
  const [clearLock, setClearLock] = useState(false);
  const hostId = useId();
  const clearId = useId();
  const host = picked || names[0] || "";
  const heldElsewhere = dg.owner !== null && dg.owner !== host;
  const clearing = heldElsewhere && clearLock;

  return (
    <StorageActionDialog
      title={clearing ? `Clear ${dg.owner}'s lock and import ${dg.name} on ${host}?` : `Import ${dg.name} on ${host}?`}
      confirmLabel={clearing ? "Clear lock and import" : "Import"}
      destructive={clearing}
      typedConfirmation={clearing ? dg.name : undefined}
      check={checkDiskGroupAction(dg, "import", host, { clearLock: clearing })}
      start={host ? () => importGroup.mutateAsync({ host, diskGroup: dg.name, clearLock: clearing }) : null}
      onClose={onClose}
      onSucceeded={onSucceeded}
    >
      <FormField id={hostId} label="Import on host">
        <select id={hostId} value={host} onChange={(e) => setPicked(e.target.value)} className={inputClass}>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
              {n === dg.owner ? " (holds it)" : ""}
            </option>
          ))}
        </select>
      </FormField>
      <p>
        The agent on <strong>{host}</strong> takes the import lock of <strong>{dg.name}</strong>; its volumes stay
        stopped until you start them there.
      </p>
      {heldElsewhere && (
        <div className="flex items-start gap-2">
          <input
            id={clearId}
            type="checkbox"
            checked={clearLock}
            onChange={(e) => setClearLock(e.target.checked)}
            className="mt-1"
          />
          <label htmlFor={clearId}>Clear the lock of {dg.owner} (vxdg import -C)</label>
        </div>
      )}
      {clearing && (
        <p role="alert" className="rounded-md border border-danger bg-danger-soft p-2 font-medium text-danger">
          Only when {dg.owner} is down or has stopped using {dg.name}: if {dg.owner} is still running with it, both
          hosts write to the same volumes and corrupt them and their file systems. The cleared lock is recorded in the
          job and the audit log.
        </p>
      )}
    </StorageActionDialog>
  );
}
