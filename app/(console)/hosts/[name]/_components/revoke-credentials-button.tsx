"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { useTRPC } from "@/trpc/client";

export function RevokeCredentialsButton({ name }: { name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const revoke = useMutation(
    trpc.host.revokeCredentials.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await queryClient.invalidateQueries(trpc.host.pathFilter());
      },
    }),
  );
  return (
    <>
      {revoke.data && (
        <span role="status" className="mr-3 text-sm text-muted">
          Revoked {revoke.data.revoked} credential(s)
        </span>
      )}
      <Button variant="danger" onClick={() => setOpen(true)}>
        Revoke agent credential
      </Button>
      <ConfirmDialog
        open={open}
        title={`Revoke the agent credential of ${name}?`}
        confirmLabel="Revoke credential"
        destructive
        typedConfirmation={name}
        pending={revoke.isPending}
        error={revoke.error?.message}
        onConfirm={() => revoke.mutate({ name })}
        onCancel={() => {
          revoke.reset();
          setOpen(false);
        }}
      >
        <p>
          Every credential of the agent on <strong>{name}</strong> stops working at once: its next request is refused,
          so the host turns offline and claims no more jobs.
        </p>
        <p>
          A job it is running can no longer report; when its lease runs out it ends interrupted (or is queued again if
          repeating it is harmless). To bring the host back, enrol its agent again with a new enrolment token.
        </p>
      </ConfirmDialog>
    </>
  );
}
