"use client";
// vxdg init through the console: a new disk group in the chosen host's first root, imported there
// with its volumes started.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useCallback, useId, useState } from "react";
import { FinishedJobNote } from "@/app/(console)/disk-groups/_components/finished-job-note";
import { FormField, inputClass } from "@/app/(console)/disk-groups/_components/form-field";
import { type FinishedJob, StorageActionDialog } from "@/app/(console)/disk-groups/_components/storage-action-dialog";
import { Button } from "@/components/button";
import { useNow } from "@/components/use-now";
import { newNameProblem } from "@/lib/disk-group-blockers";
import { isHostOnline } from "@/lib/host-online";
import { useTRPC } from "@/trpc/client";

export function CreateDiskGroupButton() {
  const [open, setOpen] = useState(false);
  const [finished, setFinished] = useState<FinishedJob | null>(null);
  const onSucceeded = useCallback((job: FinishedJob) => {
    setFinished(job);
    setOpen(false);
  }, []);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <FinishedJobNote job={finished} onDismiss={() => setFinished(null)} />
      <Button variant="primary" onClick={() => setOpen(true)}>
        Create disk group
      </Button>
      {open && <CreateDiskGroupDialog onClose={() => setOpen(false)} onSucceeded={onSucceeded} />}
    </div>
  );
}

function CreateDiskGroupDialog({
  onClose,
  onSucceeded,
}: {
  onClose: () => void;
  onSucceeded: (job: FinishedJob) => void;
}) {
  const trpc = useTRPC();
  const now = useNow();
  const hosts = useQuery(trpc.host.list.queryOptions());
  const groups = useQuery(trpc.diskGroup.everywhere.queryOptions());
  const create = useMutation(trpc.diskGroup.create.mutationOptions());
  const [host, setHost] = useState("");
  const [name, setName] = useState("");
  const [touched, setTouched] = useState(false);
  const hostId = useId();
  const nameId = useId();

  const chosenHost = host || hosts.data?.[0]?.name || "";
  const hostRow = hosts.data?.find((h) => h.name === chosenHost);
  const online = hostRow ? isHostOnline(hostRow.lastHeartbeat, now) : false;
  const problem = newNameProblem("disk group", name, groups.data?.map((g) => g.name) ?? []);
  const valid = problem === null && chosenHost !== "";

  return (
    <StorageActionDialog
      title="Create a disk group"
      confirmLabel="Create disk group"
      check={{
        blockers: [],
        warnings: hostRow && !online ? [`${chosenHost} is offline: the job waits until its agent comes back`] : [],
      }}
      start={valid ? () => create.mutateAsync({ host: chosenHost, diskGroup: name }) : null}
      onClose={onClose}
      onSucceeded={onSucceeded}
    >
      <FormField id={hostId} label="Host">
        <select id={hostId} value={chosenHost} onChange={(e) => setHost(e.target.value)} className={inputClass}>
          {hosts.data?.map((h) => (
            <option key={h.id} value={h.name}>
              {h.name}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id={nameId} label="Name" error={touched || name ? problem : null}>
        <input
          id={nameId}
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => setTouched(true)}
          aria-invalid={problem !== null && (touched || name !== "")}
          autoComplete="off"
          spellCheck={false}
          className={`${inputClass} font-mono`}
        />
      </FormField>
      <p>
        The agent on <strong>{chosenHost || "the chosen host"}</strong> creates disk group{" "}
        <strong className="font-mono">{name || "…"}</strong> in its first disk-group root, imports it there and starts
        its volumes. It has no volumes yet; every host with the same root sees it.
      </p>
    </StorageActionDialog>
  );
}
