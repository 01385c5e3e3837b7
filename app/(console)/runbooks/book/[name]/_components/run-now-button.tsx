"use client";
// "Run now": the console checks hosts, hooks and placement first and refuses, naming every
// problem, before anything is issued; the refusal is shown as the console wrote it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { runHref } from "@/lib/runbook-route";
import type { RunbookSpec } from "@/lib/runbook-spec";
import { runbookStepInfo, runbookStepSequence } from "@/lib/runbook-steps";
import { useTRPC } from "@/trpc/client";

export function RunNowButton({ spec, disabledReason }: { spec: RunbookSpec; disabledReason: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const run = useMutation(
    trpc.runbook.run.mutationOptions({
      onSuccess: async (started) => {
        await queryClient.invalidateQueries(trpc.runbook.pathFilter());
        router.push(runHref(started.id));
      },
    }),
  );
  return (
    <>
      <Button
        variant="primary"
        disabled={disabledReason !== null}
        title={disabledReason ?? undefined}
        onClick={() => setOpen(true)}
      >
        Run now
      </Button>
      <ConfirmDialog
        open={open}
        title={`Run ${spec.name} now?`}
        confirmLabel="Run now"
        pending={run.isPending}
        error={run.error?.message}
        onConfirm={() => run.mutate({ name: spec.name })}
        onCancel={() => {
          run.reset();
          setOpen(false);
        }}
      >
        <p>
          The run takes disk group <strong className="font-mono">{spec.snapshotDiskGroup}</strong> from{" "}
          <strong>{spec.productionHost}</strong> to <strong>{spec.backupHost}</strong> and back, and stops at the first
          failed step:
        </p>
        <ol className="list-decimal pl-5 text-muted">
          {runbookStepSequence(spec).map((k) => (
            <li key={k}>{runbookStepInfo[k].title}</li>
          ))}
        </ol>
        {spec.quiesceHook ? (
          <p>
            The application is quiesced with hook <code className="font-mono">{spec.quiesceHook}</code> for at most{" "}
            {spec.freezeBudgetSeconds} s.
          </p>
        ) : (
          <p>No quiesce hook: the point in time is crash-consistent only.</p>
        )}
      </ConfirmDialog>
    </>
  );
}
