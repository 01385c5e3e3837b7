"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { useTRPC } from "@/trpc/client";

export function CancelJobButton({ job }: { job: { id: string; kind: string; hostName: string; state: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const cancel = useMutation(
    trpc.job.cancel.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await queryClient.invalidateQueries(trpc.job.pathFilter());
      },
    }),
  );
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Cancel job
      </Button>
      <ConfirmDialog
        open={open}
        title={`Cancel ${job.kind} on ${job.hostName}?`}
        confirmLabel="Cancel job"
        destructive
        pending={cancel.isPending}
        error={cancel.error?.message}
        onConfirm={() => cancel.mutate({ id: job.id })}
        onCancel={() => {
          cancel.reset();
          setOpen(false);
        }}
      >
        {job.state === "queued" ? (
          <p>The job has not started: it is cancelled at once and never runs.</p>
        ) : (
          <>
            <p>
              The agent on <strong>{job.hostName}</strong> learns of it at its next report and stops at a chunk
              boundary; the job then ends cancelled. What it already did stays done.
            </p>
            {job.kind === "set.copy" && (
              <p>
                A copy stopped part-way leaves its sets in &ldquo;copy not active&rdquo;: the target volume is
                inconsistent until another copy or update in the same direction completes.
              </p>
            )}
          </>
        )}
      </ConfirmDialog>
    </>
  );
}
