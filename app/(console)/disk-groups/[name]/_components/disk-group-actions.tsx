"use client";
// The operator's actions on one disk group. Deport, start all, stop all and create volume run on
// the holder; import runs on a host the operator picks. Each opens a dialog that says what will
// happen and what would block it; the outcome of the last one shows above the panels.
import { useCallback, useState } from "react";
import { CreateVolumeDialog } from "@/app/(console)/disk-groups/[name]/_components/create-volume-dialog";
import type { DiskGroupData } from "@/app/(console)/disk-groups/[name]/_components/disk-group-output";
import {
  HolderActionDialog,
  type HolderAction,
} from "@/app/(console)/disk-groups/[name]/_components/holder-action-dialog";
import { ImportDialog } from "@/app/(console)/disk-groups/[name]/_components/import-dialog";
import { FinishedJobNote } from "@/app/(console)/disk-groups/_components/finished-job-note";
import type { FinishedJob } from "@/app/(console)/disk-groups/_components/storage-action-dialog";
import { Button } from "@/components/button";

type Open = HolderAction | "create-volume" | "import" | null;

export function DiskGroupActions({ dg }: { dg: DiskGroupData }) {
  const [open, setOpen] = useState<Open>(null);
  const [finished, setFinished] = useState<FinishedJob | null>(null);
  const close = useCallback(() => setOpen(null), []);
  const onSucceeded = useCallback((job: FinishedJob) => {
    setFinished(job);
    setOpen(null);
  }, []);
  const held = dg.owner !== null;

  return (
    <div className="mb-6 space-y-3">
      <div role="toolbar" aria-label={`Actions on ${dg.name}`} className="flex flex-wrap gap-2">
        {held && <Button onClick={() => setOpen("create-volume")}>Create volume</Button>}
        {held && <Button onClick={() => setOpen("startall")}>Start all</Button>}
        {held && <Button onClick={() => setOpen("stopall")}>Stop all</Button>}
        {held && (
          <Button variant="danger" onClick={() => setOpen("deport")}>
            Deport
          </Button>
        )}
        <Button onClick={() => setOpen("import")}>Import…</Button>
      </div>
      <FinishedJobNote job={finished} onDismiss={() => setFinished(null)} />
      {open === "create-volume" && <CreateVolumeDialog dg={dg} onClose={close} onSucceeded={onSucceeded} />}
      {open === "import" && <ImportDialog dg={dg} onClose={close} onSucceeded={onSucceeded} />}
      {(open === "deport" || open === "startall" || open === "stopall") && (
        <HolderActionDialog action={open} dg={dg} onClose={close} onSucceeded={onSucceeded} />
      )}
    </div>
  );
}
