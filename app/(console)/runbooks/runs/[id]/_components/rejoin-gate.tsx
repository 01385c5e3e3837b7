"use client";
// The rejoin gate (issue 6): before the shadows are joined and updated on the production host,
// how many chunks the backup host wrote to them, and that the master's data wins: the update
// copies every chunk changed on either host from the master, so those writes are lost.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Panel } from "@/components/panel";
import { formatUtc } from "@/components/relative-time";
import { formatByteSize } from "@/lib/byte-size";
import type { RunDetail } from "@/server/runbooks/run-select";
import { useTRPC } from "@/trpc/client";

// Instant Image's chunk (docs/instant-image.md §3): what one bitmap bit stands for.
const CHUNK_BYTES = 32 * 1024;

export function RejoinGate({ run, canAct }: { run: RunDetail; canAct: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const approve = useMutation(
    trpc.runbook.approve.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await queryClient.invalidateQueries(trpc.runbook.pathFilter());
      },
    }),
  );
  const waiting = run.state === "awaiting-approval";
  const writes = run.backupWrites;
  const what =
    writes === null
      ? "The backup host's writes are counted when it releases the shadows."
      : writes === 0
        ? `The backup host wrote nothing to the shadows (0 chunks on ${run.spec.backupHost}).`
        : `The backup host wrote ${writes} chunk${writes === 1 ? "" : "s"} (${formatByteSize(writes * CHUNK_BYTES)}) to the shadows on ${run.spec.backupHost}.`;

  return (
    <Panel title="Rejoin gate" className={waiting ? "border-warning" : ""}>
      <div className="space-y-3 text-sm" data-testid="rejoin-gate">
        <p>{what}</p>
        <p>
          At the rejoin <strong>the master&apos;s data wins</strong>: the update after the join copies every chunk
          changed on either host from the master, so whatever {run.spec.backupHost} wrote to a shadow is overwritten.
        </p>
        <p className="text-muted">
          {run.spec.approveRejoin
            ? run.approvedAt
              ? `Approved by ${run.approvedBy ?? "an operator"} at ${formatUtc(run.approvedAt)}.`
              : waiting
                ? "The run waits here for an operator's approval."
                : "This runbook stops here for approval."
            : "This runbook rejoins without waiting for approval."}
        </p>
        {waiting && canAct && (
          <Button variant="primary" onClick={() => setOpen(true)}>
            Approve rejoin
          </Button>
        )}
      </div>
      <ConfirmDialog
        open={open}
        title="Approve the rejoin?"
        confirmLabel="Approve rejoin"
        pending={approve.isPending}
        error={approve.error?.message}
        onConfirm={() => approve.mutate({ id: run.id })}
        onCancel={() => {
          approve.reset();
          setOpen(false);
        }}
      >
        <p>{what}</p>
        <p>
          {run.spec.productionHost} imports <span className="font-mono">{run.spec.snapshotDiskGroup}</span>, joins each
          shadow with its secondary bitmap and updates: the master&apos;s data wins.
        </p>
      </ConfirmDialog>
    </Panel>
  );
}
