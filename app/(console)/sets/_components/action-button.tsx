"use client";
// One storage action: a button that opens the confirm dialog saying exactly what will happen,
// sends the request only on confirm, shows a refusal inside the dialog, and hands the queued
// job to the page's followed jobs so its progress shows to the end.
import { type UseMutationOptions, useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { useFollowJob } from "./followed-jobs";

type QueuedJob = { id: string; kind: string };

export interface ActionButtonProps<Variables, Data, Err extends { message: string }> {
  label: string;
  title: string;
  confirmLabel: string;
  children: React.ReactNode;
  /** The procedure's mutation options (trpc.set.update.mutationOptions()) and its input. */
  options: UseMutationOptions<Data, Err, Variables>;
  variables: Variables;
  /** The job the request queued, when the response is not the job itself (abort). */
  toJob?: (data: Data) => QueuedJob | null;
  /** Describes the job for the followed-jobs list. */
  jobLabel: string;
  typedConfirmation?: string;
  destructive?: boolean;
  disabled?: boolean;
  /** Why the action is disabled, shown as the button's description. */
  disabledReason?: string;
  /** Called with the queued job (a form clears itself). */
  onQueued?: () => void;
  /** Class of the opening button when it is the form's main action. */
  primary?: boolean;
}

export function ActionButton<Variables, Data extends object, Err extends { message: string }>(
  props: ActionButtonProps<Variables, Data, Err>,
) {
  const {
    label,
    title,
    confirmLabel,
    children,
    options,
    variables,
    toJob,
    jobLabel,
    typedConfirmation,
    destructive,
    disabled,
    disabledReason,
    onQueued,
    primary,
  } = props;
  const follow = useFollowJob();
  const [open, setOpen] = useState(false);
  const mutation = useMutation({
    ...options,
    onSuccess: (data) => {
      const job = toJob ? toJob(data) : (data as unknown as QueuedJob);
      setOpen(false);
      if (job) follow({ id: job.id, kind: job.kind, label: jobLabel });
      onQueued?.();
    },
  });
  return (
    <>
      <Button
        variant={primary ? "primary" : destructive ? "danger" : "secondary"}
        disabled={disabled}
        title={disabled ? disabledReason : undefined}
        onClick={() => setOpen(true)}
      >
        {label}
      </Button>
      <ConfirmDialog
        open={open}
        title={title}
        confirmLabel={confirmLabel}
        typedConfirmation={typedConfirmation}
        destructive={destructive}
        pending={mutation.isPending}
        error={mutation.error?.message}
        onConfirm={() => mutation.mutate(variables)}
        onCancel={() => {
          mutation.reset();
          setOpen(false);
        }}
      >
        {children}
      </ConfirmDialog>
    </>
  );
}
