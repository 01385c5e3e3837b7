"use client";
// Resume a failed run (from the failed step, or the start of its freeze window) and cancel a run.
// Cancelling asks for the runbook's name: a cancelled run cannot be resumed, and it may leave the
// snapshot disk group on the backup host until an operator moves it back.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { stepTitle } from "@/app/(console)/runbooks/_components/last-run-cell";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { isActiveRunState } from "@/lib/run-states";
import { resumeStepKey, type RunbookStepKey, runbookStepKeys, runbookStepSequence } from "@/lib/runbook-steps";
import type { RunDetail } from "@/server/runbooks/run-select";
import { useTRPC } from "@/trpc/client";

export function RunActions({ run }: { run: RunDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<"resume" | "cancel" | null>(null);
  const done = { onSuccess: async () => { setDialog(null); await queryClient.invalidateQueries(trpc.runbook.pathFilter()); } };
  const resume = useMutation(trpc.runbook.resume.mutationOptions(done));
  const cancel = useMutation(trpc.runbook.cancel.mutationOptions(done));
  const failedStep = run.error?.step;
  // A run whose runbook was deleted is history only: the console refuses to resume it.
  const canResume = run.runbookId !== null && run.state === "failed" && failedStep !== undefined && (runbookStepKeys as readonly string[]).includes(failedStep);
  const canCancel = (isActiveRunState(run.state) && !run.cancelRequestedAt) || run.state === "failed";
  const from = canResume ? resumeStepKey(runbookStepSequence(run.spec), failedStep as RunbookStepKey) : null;
  const close = () => {
    resume.reset();
    cancel.reset();
    setDialog(null);
  };
  if (!canResume && !canCancel) return null;
  return (
    <span className="flex gap-2">
      {canResume && (
        <button type="button" onClick={() => setDialog("resume")} className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-foreground">Resume</button>
      )}
      {canCancel && (
        <button type="button" onClick={() => setDialog("cancel")} className="rounded-md border border-danger px-3 py-1.5 text-sm text-danger hover:bg-danger-soft">
          {run.state === "failed" ? "Abandon run" : "Cancel run"}
        </button>
      )}
      <ConfirmDialog
        open={dialog === "resume"}
        title={`Resume the run of ${run.runbookName}?`}
        confirmLabel="Resume"
        pending={resume.isPending}
        error={resume.error?.message}
        onConfirm={() => resume.mutate({ id: run.id })}
        onCancel={close}
      >
        <p>It failed at <strong>{stepTitle(failedStep ?? "")}</strong>. Resume once the cause is fixed: the run starts again at <strong>{stepTitle(from ?? "")}</strong>{from !== failedStep ? " (the freeze had ended, so the point in time is taken again)" : ""}.</p>
        <p>The step&apos;s jobs are planned again from the hosts&apos; inventories: what was already done is not redone.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === "cancel"}
        title={run.state === "failed" ? `Abandon the failed run of ${run.runbookName}?` : `Cancel the run of ${run.runbookName}?`}
        confirmLabel={run.state === "failed" ? "Abandon run" : "Cancel run"}
        typedConfirmation={run.runbookName}
        destructive
        pending={cancel.isPending}
        error={cancel.error?.message}
        onConfirm={() => cancel.mutate({ id: run.id })}
        onCancel={close}
      >
        {run.state === "failed"
          ? <p>The run can no longer be resumed. Whatever it left (an exported shadow, the disk group on {run.spec.backupHost}) stays as it is; the custody table shows where the disk group is.</p>
          : <p>The running job stops at its next chunk boundary; if the application is quiesced, the resume hook runs first. Then the run ends cancelled and cannot be resumed, and the disk group stays where it is (see custody). Shadows it has exported stay exported: the next run refuses to start and names the join that brings each one back.</p>}
      </ConfirmDialog>
    </span>
  );
}
