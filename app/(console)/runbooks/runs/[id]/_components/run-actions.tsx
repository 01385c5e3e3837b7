"use client";
// Resume a failed run (from the failed step, or the start of its freeze window), cancel a run, and
// bring a cancelled run's shadows home. Cancelling asks for the runbook's name: a cancelled run
// cannot be resumed, and it may leave its shadows exported and the snapshot disk group on the
// backup host until "Bring shadows home" (release and rejoin) moves them back. When the backup
// host is offline, "Bring home without it" takes the disk group over (for a host gone for good).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { stepTitle } from "@/app/(console)/runbooks/_components/last-run-cell";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { useNow } from "@/components/use-now";
import { isHostOnline } from "@/lib/host-online";
import { isActiveRunState } from "@/lib/run-states";
import {
  resumeStepKey,
  runLeftProduction,
  type RunbookStepKey,
  runbookStepKeys,
  runbookStepSequence,
} from "@/lib/runbook-steps";
import type { RunDetail } from "@/server/runbooks/run-select";
import { useTRPC } from "@/trpc/client";

export function RunActions({ run }: { run: RunDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow();
  const [dialog, setDialog] = useState<"resume" | "cancel" | "rejoin" | "takeover" | null>(null);
  const done = {
    onSuccess: async () => {
      setDialog(null);
      await queryClient.invalidateQueries(trpc.runbook.pathFilter());
    },
  };
  const resume = useMutation(trpc.runbook.resume.mutationOptions(done));
  const cancel = useMutation(trpc.runbook.cancel.mutationOptions(done));
  const rejoin = useMutation(trpc.runbook.rejoin.mutationOptions(done));
  const failedStep = run.error?.step;
  // A run whose runbook was deleted is history only: the console refuses to resume it.
  const canResume =
    run.runbookId !== null &&
    run.state === "failed" &&
    failedStep !== undefined &&
    (runbookStepKeys as readonly string[]).includes(failedStep);
  const canCancel = (isActiveRunState(run.state) && !run.cancelRequestedAt) || run.state === "failed";
  const canRejoin = run.state === "cancelled" && !run.rejoinedAt && runLeftProduction(run.steps.map((s) => s.key));
  const failedRejoin = run.state === "failed" && run.rejoinRequestedAt !== null && !run.rejoinedAt;
  const backupHost = run.spec.backupHost;
  const hosts = useQuery({ ...trpc.host.list.queryOptions(), enabled: canRejoin || failedRejoin });
  const backup = hosts.data?.find((h) => h.name === backupHost);
  // Offered only once the console has heard nothing from the backup host for a while (or it was removed).
  const backupGone = hosts.isSuccess && (!backup || !isHostOnline(backup.lastHeartbeat, now));
  const canTakeOver = (canRejoin || failedRejoin) && backupGone;
  const from = canResume ? resumeStepKey(runbookStepSequence(run.spec), failedStep as RunbookStepKey) : null;
  const close = () => {
    resume.reset();
    cancel.reset();
    rejoin.reset();
    setDialog(null);
  };
  if (!canResume && !canCancel && !canRejoin && !canTakeOver) return null;
  return (
    <span className="flex gap-2">
      {canResume && (
        <Button variant="primary" onClick={() => setDialog("resume")}>
          Resume
        </Button>
      )}
      {canRejoin && (
        <Button variant="primary" onClick={() => setDialog("rejoin")}>
          Bring shadows home
        </Button>
      )}
      {canTakeOver && (
        <Button variant="danger" onClick={() => setDialog("takeover")}>
          Bring home without {backupHost}
        </Button>
      )}
      {canCancel && (
        <Button variant="danger" onClick={() => setDialog("cancel")}>
          {run.state === "failed" ? "Abandon run" : "Cancel run"}
        </Button>
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
        <p>
          It failed at <strong>{stepTitle(failedStep ?? "")}</strong>. Resume once the cause is fixed: the run starts
          again at <strong>{stepTitle(from ?? "")}</strong>
          {from !== failedStep ? " (the freeze had ended, so the point in time is taken again)" : ""}.
        </p>
        <p>
          The step&apos;s jobs are planned again from the hosts&apos; inventories: what was already done is not redone.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === "cancel"}
        title={
          run.state === "failed"
            ? `Abandon the failed run of ${run.runbookName}?`
            : `Cancel the run of ${run.runbookName}?`
        }
        confirmLabel={run.state === "failed" ? "Abandon run" : "Cancel run"}
        typedConfirmation={run.runbookName}
        destructive
        pending={cancel.isPending}
        error={cancel.error?.message}
        onConfirm={() => cancel.mutate({ id: run.id })}
        onCancel={close}
      >
        {run.state === "failed" ? (
          <p>
            The run can no longer be resumed. Whatever it left (an exported shadow, the disk group on{" "}
            {run.spec.backupHost}) stays as it is; the custody table shows where the disk group is.
          </p>
        ) : (
          <p>
            The running job stops at its next chunk boundary; if the application is quiesced, the resume hook runs
            first. Then the run ends cancelled and cannot be resumed, and the disk group stays where it is (see
            custody). Shadows it has exported stay exported, and the next run refuses to start, until you bring them
            home from this page (&ldquo;Bring shadows home&rdquo;).
          </p>
        )}
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === "rejoin"}
        title={`Bring the shadows of ${run.runbookName} home?`}
        confirmLabel="Bring shadows home"
        pending={rejoin.isPending}
        error={rejoin.error?.message}
        onConfirm={() => rejoin.mutate({ id: run.id, withoutBackupHost: false })}
        onCancel={close}
      >
        <p>
          The run goes through its last two steps again, for what is still away: <strong>Release</strong> on{" "}
          {run.spec.backupHost} (disable the imported sets, whose bitmaps record what {run.spec.backupHost} wrote; sv
          disable; deport {run.spec.snapshotDiskGroup}), then <strong>Rejoin</strong> on {run.spec.productionHost}{" "}
          (import {run.spec.snapshotDiskGroup}, join each shadow with its secondary bitmap, sv enable).
        </p>
        <p>
          No backup is taken: the run ends cancelled, with its shadows home, and the next run can start.{" "}
          {run.backupWrites !== null && run.backupWrites > 0
            ? `The ${run.backupWrites} chunk(s) written on ${run.spec.backupHost} are overwritten with the master's data at the next update.`
            : "Whatever the backup host wrote is overwritten with the master's data at the next update."}
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === "takeover"}
        title={`Bring the shadows of ${run.runbookName} home without ${backupHost}?`}
        confirmLabel="Bring home without it"
        typedConfirmation={backupHost}
        destructive
        pending={rejoin.isPending}
        error={rejoin.error?.message}
        onConfirm={() => rejoin.mutate({ id: run.id, withoutBackupHost: true })}
        onCancel={close}
      >
        <p>
          Only when <strong>{backupHost}</strong> is gone for good. Nobody releases the shadows there:{" "}
          {run.spec.productionHost} imports {run.spec.snapshotDiskGroup} clearing {backupHost}&apos;s lock (vxdg import
          -C), and joins each shadow without {backupHost}&apos;s record of what it wrote (iiadm -n -J).
        </p>
        <p>
          The next update scans every shadow whole and the master&apos;s data wins, so nothing {backupHost} wrote is
          left behind. If {backupHost} comes back, its agent still lists the sets it had imported; the next run&apos;s
          release disables them.
        </p>
      </ConfirmDialog>
    </span>
  );
}
