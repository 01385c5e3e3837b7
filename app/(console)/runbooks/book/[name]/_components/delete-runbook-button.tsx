"use client";
// "Delete runbook": asks for the runbook's name first. The console refuses while a run could still
// move the snapshot disk group (an active run, or a failed one that can be resumed) and names the
// run; the refusal is shown in the dialog as the console wrote it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { runbooksHref } from "@/lib/runbook-route";
import type { RunbookSpec } from "@/lib/runbook-spec";
import { useTRPC } from "@/trpc/client";

export function DeleteRunbookButton({ spec, runCount }: { spec: RunbookSpec; runCount: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.runbook.delete.mutationOptions({
      onSuccess: async () => {
        // Leave the page first: refetching this runbook now would only find it gone.
        router.push(runbooksHref);
        await queryClient.invalidateQueries(trpc.runbook.list.queryFilter());
      },
    }),
  );
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete runbook
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete runbook ${spec.name}?`}
        confirmLabel="Delete runbook"
        typedConfirmation={spec.name}
        destructive
        pending={remove.isPending}
        error={remove.error?.message}
        onConfirm={() => remove.mutate({ name: spec.name })}
        onCancel={() => {
          remove.reset();
          setOpen(false);
        }}
      >
        <p>The runbook goes{spec.schedule ? ", and its schedule stops" : ""}. Nothing on the hosts changes.</p>
        <p>
          {runCount === 0 ? "It has no runs." : `Its ${runCount === 1 ? "run stays" : "runs stay"} as history`}
          {runCount > 0 && (
            <>
              : run pages, custody and the archives in the sets&apos; lineage are kept, and archive files stay on{" "}
              {spec.backupHost}.
            </>
          )}
        </p>
        <p className="text-muted">
          A run that is going on, or a failed run that can still be resumed, must be finished or cancelled first.
        </p>
      </ConfirmDialog>
    </>
  );
}
